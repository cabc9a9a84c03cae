import { describe, expect, it } from "vitest";
import { CONTEXT_LOST_MESSAGE, RestyleError, toRestyleError } from "../../src/engine/errors";
import { CONTEXT_LOST } from "../../src/shared/context-lost";

describe("toRestyleError", () => {
  it("keeps a RestyleError as it is", () => {
    const e = new RestyleError("bad-image", "x");
    expect(toRestyleError(e)).toBe(e);
  });

  it("classifies by type and the run's state, never by the words in a message", () => {
    const aborted = new AbortController();
    aborted.abort();
    const cases: Array<[string, unknown, Parameters<typeof toRestyleError>[1], string]> = [
      ["an Error named AbortError", Object.assign(new Error("stop"), { name: "AbortError" }), {}, "cancelled"],
      ["a DOMException AbortError", new DOMException("signal is aborted without reason", "AbortError"), {}, "cancelled"],
      ["anything, once the run's signal is aborted", new Error("no kernel Foo"), { signal: aborted.signal }, "cancelled"],
      ["a lost context the backend reports", new Error("no kernel Foo"), { contextLost: true }, "context-lost"],
      ["a failed allocation (RangeError)", new RangeError("Array buffer allocation failed"), {}, "out-of-memory"],
      ["tfjs-wasm's heap abort (WebAssembly.RuntimeError)", new WebAssembly.RuntimeError("memory access out of bounds"), {}, "out-of-memory"],
      ["WebGL's OUT_OF_MEMORY code as tfjs reports it", new Error("WebGL Error: OUT_OF_MEMORY"), {}, "out-of-memory"],
      ["words that say aborted", new Error("The operation was aborted"), {}, "backend-unavailable"],
      ["words that say out of memory", new Error("zoom level invalid: out of memory, Failed to allocate"), {}, "backend-unavailable"],
      ["words that say context lost", new Error("WebGL context lost."), {}, "backend-unavailable"],
      ["a TypeError", new TypeError("x is not a function"), {}, "backend-unavailable"],
      ["a string", "a string", {}, "backend-unavailable"],
    ];
    for (const [name, thrown, facts, code] of cases) {
      const r = toRestyleError(thrown, facts);
      expect(r.code, name).toBe(code);
      expect(r.detail, name).toBe(thrown instanceof Error ? thrown.message : String(thrown));
    }
    expect(toRestyleError(new Error("no kernel Foo")).message).toBe("The style transfer failed: no kernel Foo");
  });

  it("says a lost context in the same words wherever it is caught (the engine, the panel)", () => {
    expect(toRestyleError(new Error("any"), { contextLost: true }).message).toBe(CONTEXT_LOST_MESSAGE);
    expect(CONTEXT_LOST.message).toBe(CONTEXT_LOST_MESSAGE);
    expect(CONTEXT_LOST_MESSAGE).not.toMatch(/WebGL|WebGPU/);
  });
});

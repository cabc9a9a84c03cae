import { describe, expect, it } from "vitest";
import { CONTEXT_LOST_MESSAGE, RestyleError, toRestyleError } from "../../src/engine/errors";
import { CONTEXT_LOST } from "../../src/shared/context-lost";

describe("toRestyleError", () => {
  it("keeps a RestyleError as it is", () => {
    const e = new RestyleError("bad-image", "x");
    expect(toRestyleError(e)).toBe(e);
  });

  it("names what tfjs throws as plain Errors, keeping tfjs's words as the detail", () => {
    const cases: [unknown, string][] = [
      [Object.assign(new Error("stop"), { name: "AbortError" }), "cancelled"],
      [new Error("The operation was aborted"), "cancelled"],
      [new Error("WebGL context lost."), "context-lost"],
      [new Error("CONTEXT_LOST_WEBGL: loseContext: context lost"), "context-lost"],
      [new Error("Failed to allocate 4096 bytes"), "out-of-memory"],
      [new RangeError("RangeError: Array buffer allocation failed"), "out-of-memory"],
      [new Error("no kernel Foo"), "backend-unavailable"],
      ["a string", "backend-unavailable"],
    ];
    for (const [thrown, code] of cases) {
      const r = toRestyleError(thrown);
      expect(r.code, String(thrown)).toBe(code);
      expect(r.detail).toBe(thrown instanceof Error ? thrown.message : String(thrown));
    }
    expect(toRestyleError(new Error("no kernel Foo")).message).toBe("The style transfer failed: no kernel Foo");
  });

  it("says a lost context in the same words wherever it is caught (the engine, the panel)", () => {
    expect(toRestyleError(new Error("WebGL context lost")).message).toBe(CONTEXT_LOST_MESSAGE);
    expect(CONTEXT_LOST.message).toBe(CONTEXT_LOST_MESSAGE);
    expect(CONTEXT_LOST_MESSAGE).not.toMatch(/WebGL|WebGPU/);
  });
});

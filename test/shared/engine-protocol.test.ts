// The engine worker's message checks: well-formed messages pass unchanged, anything malformed is
// refused (null) before either side uses it, and pixels go in the transfer list exactly once.
import { describe, expect, it } from "vitest";
import { RestyleError } from "../../src/engine/errors";
import {
  errorFrom,
  errorMessage,
  filesFromWire,
  filesToWire,
  fromWire,
  ownWire,
  parseFromWorker,
  parseToWorker,
  toWire,
  transferables,
  type WireImage,
} from "../../src/shared/engine-protocol";

const wire = (w = 2, h = 3): WireImage => ({ width: w, height: h, data: new ArrayBuffer(w * h * 4) });
const loss = { total: 3, content: 1, style: 2, tv: 0 };
const progress = {
  iteration: 1,
  totalIterations: 4,
  scaleIndex: 0,
  scaleCount: 1,
  width: 2,
  height: 3,
  tileIndex: 0,
  tileCount: 1,
  loss,
  evaluations: 1,
  elapsedMs: 5,
  etaMs: NaN,
};
const stats = {
  iterations: 4,
  evaluations: 5,
  elapsedMs: 9,
  msPerIteration: 2,
  lossStart: loss,
  lossEnd: loss,
  backend: "webgl",
  peakBytes: 1,
  scales: [[2, 3]],
  tiles: [1],
};

describe("engine protocol", () => {
  it("accepts well-formed requests and refuses malformed ones", () => {
    const run = { type: "run", id: 4, preset: "lite", content: wire(), styles: [{ image: wire(1, 1), weight: 0.5 }], options: { iterations: 3 } };
    expect(parseToWorker(run)).toEqual(run);
    expect(parseToWorker({ type: "cancel", id: 4 })).toEqual({ type: "cancel", id: 4 });
    const load = { type: "load-weights", id: 1, preset: "full", files: [["manifest.json", new ArrayBuffer(2)]] };
    expect(parseToWorker(load)).toEqual(load);
    expect(transferables(load as never)).toEqual([load.files[0][1]]);
    expect(parseToWorker({ type: "load-weights", id: 1, preset: "full" })).toBeNull(); // the engine never fetches: the files come along
    // The codec's requests: the PNG's bytes, or the pixels, go over (transferred), never copied.
    const decode = { type: "decode", id: 5, bytes: new ArrayBuffer(8), what: "export of “Photo”" };
    expect(parseToWorker(decode)).toEqual(decode);
    expect(transferables(decode as never)).toEqual([decode.bytes]);
    const encode = { type: "encode", id: 6, image: wire() };
    expect(parseToWorker(encode)).toEqual(encode);
    expect(transferables(encode as never)).toEqual([encode.image.data]);
    const bad: unknown[] = [
      null,
      "run",
      { ...run, id: -1 },
      { ...run, id: 1.5 },
      { ...run, preset: "huge" },
      { ...run, content: { width: 2, height: 3, data: new ArrayBuffer(23) } }, // one byte short
      { ...run, content: { width: 2, height: 3, data: new Uint8Array(24) } }, // a view, not a buffer
      { ...run, styles: [{ image: wire(), weight: "1" }] },
      { ...run, styles: [{ image: wire(), weight: Infinity }] }, // the one guard kit: finite numbers only
      { ...run, init: { width: 0, height: 0, data: new ArrayBuffer(0) } },
      { ...run, options: null },
      { type: "install-weights", id: 1, files: [["manifest.json", "{}"]] },
      { type: "decode", id: 1, bytes: new Uint8Array(8), what: "x" }, // a view, not a buffer
      { type: "decode", id: 1, bytes: new ArrayBuffer(8) }, // no name for the error
      { type: "encode", id: 1, image: { width: 2, height: 3, data: new ArrayBuffer(4) } },
      { type: "self-destruct", id: 1 },
    ];
    for (const m of bad) expect(parseToWorker(m), JSON.stringify(m)).toBeNull();
  });

  it("accepts well-formed answers and refuses malformed ones", () => {
    expect(parseFromWorker({ type: "ready" })).toEqual({ type: "ready" });
    expect(parseFromWorker({ type: "backend", id: 1, name: "webgl", note: null })).toEqual({ type: "backend", id: 1, name: "webgl", note: null });
    const p = { type: "progress", id: 2, progress, preview: wire() };
    expect(parseFromWorker(p)).toEqual(p);
    expect(parseFromWorker({ type: "result", id: 2, image: wire(), stats })).toEqual({ type: "result", id: 2, image: wire(), stats });
    const decoded = { type: "decoded", id: 3, image: wire() };
    expect(parseFromWorker(decoded)).toEqual(decoded);
    expect(transferables(decoded as never)).toEqual([decoded.image.data]);
    const encoded = { type: "encoded", id: 3, png: new ArrayBuffer(9) };
    expect(parseFromWorker(encoded)).toEqual(encoded);
    expect(transferables(encoded as never)).toEqual([encoded.png]);
    // A tiled scale: where it stands, and the tiles each scale ran in.
    const tiled = { type: "progress", id: 2, progress: { ...progress, tileIndex: 2, tileCount: 9 } };
    expect(parseFromWorker(tiled)).toEqual(tiled);
    expect(parseFromWorker({ type: "result", id: 2, image: wire(), stats: { ...stats, tiles: [4] } })).toMatchObject({ stats: { tiles: [4] } });
    const bad: unknown[] = [
      { type: "progress", id: 2, progress: { ...progress, tileIndex: 9, tileCount: 9 } },
      { type: "progress", id: 2, progress: { ...progress, tileCount: undefined } },
      { type: "progress", id: 2, progress: { ...progress, tileIndex: 0.5, tileCount: 2 } },
      { type: "result", id: 2, image: wire(), stats: { ...stats, tiles: [4, 1] } },
      { type: "result", id: 2, image: wire(), stats: { ...stats, tiles: [0] } },
      { type: "result", id: 2, image: wire(), stats: { ...stats, tiles: undefined } },
      { type: "progress", id: 2, progress: { ...progress, loss: { total: 1 } } },
      { type: "progress", id: 2, progress, preview: wire(0, 1) },
      { type: "result", id: 2, image: wire(), stats: { ...stats, backend: 3 } },
      { type: "result", id: 2, image: wire(), stats: { ...stats, scales: [[2]] } },
      { type: "error", id: 2, code: "kaboom", message: "x" },
      { type: "error", id: 2, code: "cancelled" },
      { type: "weights-progress", id: 2, loaded: "1", total: 2 },
      { type: "backend", name: "webgl", note: null }, // no id
      { type: "decoded", id: 3, image: wire(0, 1) },
      { type: "encoded", id: 3, png: new Uint8Array(9) },
    ];
    for (const m of bad) expect(parseFromWorker(m), JSON.stringify(m)).toBeNull();
  });

  it("errors keep their code, words and detail across the boundary", () => {
    const sent = errorMessage(7, new RestyleError("out-of-memory", "Ran out of memory.", "OOM at 512 px"));
    const got = parseFromWorker(JSON.parse(JSON.stringify(sent)));
    expect(got?.type).toBe("error");
    const e = errorFrom(got as Extract<typeof sent, { type: "error" }>);
    expect(e).toBeInstanceOf(RestyleError);
    expect([e.code, e.message, e.detail]).toEqual(["out-of-memory", "Ran out of memory.", "OOM at 512 px"]);
  });

  it("copies the page's pixels before sending and transfers each buffer once", () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const w = toWire({ width: 2, height: 1, data });
    expect(w.data).not.toBe(data.buffer); // the panel keeps its pixels for a warm start
    expect(Array.from(fromWire(w).data)).toEqual(Array.from(data));
    // An image that owns its whole buffer goes as is; a view into a larger one is copied.
    expect(ownWire({ width: 2, height: 1, data }).data).toBe(data.buffer);
    expect(ownWire({ width: 1, height: 1, data: data.subarray(4) }).data.byteLength).toBe(4);
    const shared = wire(1, 1);
    const list = transferables({ type: "run", id: 1, preset: "lite", content: shared, styles: [{ image: shared }, { image: wire(1, 1) }], options: {} });
    expect(list).toHaveLength(2);
  });

  it("sends a weights file set as copies (the page keeps its bytes for a fresh engine), each buffer exactly its file", () => {
    const big = new Uint8Array(16).map((_, i) => i);
    const files = new Map([
      ["manifest.json", new Uint8Array([123, 125])],
      ["conv1_1.bin", big.subarray(4, 12)],
    ]);
    const wired = filesToWire(files);
    expect(wired.map(([n, b]) => [n, b.byteLength])).toEqual([
      ["manifest.json", 2],
      ["conv1_1.bin", 8],
    ]);
    expect(wired[1][1]).not.toBe(big.buffer);
    const back = filesFromWire(wired);
    expect(Array.from(back.get("conv1_1.bin")!)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(files.get("conv1_1.bin")!)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]); // still the page's
  });
});

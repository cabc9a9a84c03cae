/**
 * Every bad input the library is tested against, in tables: each ends in its typed RestyleError
 * (or, for small and thin images, a picture or a plain refusal) within a bound, with no tensor left.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { stylize } from "../../src/engine/stylize";
import { RestyleError, type RestyleErrorCode } from "../../src/engine/errors";
import { minNetworkSide } from "../../src/engine/schedule";
import { PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { VggWeights, type LayerWeights } from "../../src/engine/vgg-weights";
import type { RgbaImage, StylizeInput, StylizeOptions } from "../../src/engine/types";
import { solid } from "../helpers/fixtures";
import { cpu, wasm } from "../helpers/backend";
import { liteRun, SMALL_RUN } from "../helpers/lite-run";

let lite: VggWeights;
let content: RgbaImage, style: RgbaImage;
const small = SMALL_RUN;

beforeAll(async () => {
  ({ lite, content, style } = await liteRun());
});
afterAll(() => lite.dispose());

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  const before = tf.memory().numTensors;
  const e = await run().then(
    (r) => r,
    (err: unknown) => err,
  );
  expect(tf.memory().numTensors, "tensors left after the run").toBe(before);
  return e;
}

function expectRefusal(e: unknown, code: RestyleErrorCode, message: RegExp): void {
  expect(e).toBeInstanceOf(RestyleError);
  expect((e as RestyleError).code).toBe(code);
  expect((e as RestyleError).message).toMatch(message);
}

/** A picture whose pixels vary (a 1-bit checker), so it is not a flat colour. */
function checker(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set((x + y) % 2 ? [200, 60, 30, 255] : [20, 90, 220, 255], (y * width + x) * 4);
  return { width, height, data };
}

describe("bad images and inputs", () => {
  const cases: Array<[string, () => StylizeInput, RestyleErrorCode, RegExp]> = [
    ["content: null", () => ({ content: null as unknown as RgbaImage, styles: [{ image: style }] }), "bad-image", /content image is missing/],
    ["no input at all", () => null as unknown as StylizeInput, "bad-image", /content image and at least one style/],
    ["a style entry of null", () => ({ content, styles: [null as unknown as { image: RgbaImage }] }), "bad-image", /style image is missing/],
    ["styles not an array", () => ({ content, styles: "style.png" as unknown as [] }), "bad-image", /at least one style/],
    ["no styles", () => ({ content, styles: [] }), "bad-image", /at least one style/],
    ["width 63.5", () => ({ content: { width: 63.5, height: 64, data: new Uint8Array(64 * 64 * 4) }, styles: [{ image: style }] }), "bad-image", /not a whole number/],
    ["width NaN", () => ({ content: { width: NaN, height: 4, data: new Uint8Array(0) }, styles: [{ image: style }] }), "bad-image", /not a number/],
    ["0×0", () => ({ content: { width: 0, height: 0, data: new Uint8Array(0) }, styles: [{ image: style }] }), "bad-image", /empty/],
    ["wrong byte count", () => ({ content: { width: 4, height: 4, data: new Uint8Array(10) }, styles: [{ image: style }] }), "bad-image", /does not match its size/],
    ["20000 px wide", () => ({ content: { width: 20000, height: 2, data: new Uint8Array(0) }, styles: [{ image: style }] }), "image-too-large", /too large/],
    ["transparent content", () => ({ content: solid(8, 8, [255, 0, 0, 0]), styles: [{ image: style }] }), "transparent-image", /fully transparent/],
    ["transparent style", () => ({ content, styles: [{ image: solid(8, 8, [0, 0, 0, 0]) }] }), "transparent-image", /style image is fully transparent/],
    ["a style weight of -1", () => ({ content, styles: [{ image: style, weight: -1 }] }), "bad-options", /0 or more/],
    ["every style weight 0", () => ({ content, styles: [{ image: style, weight: 0 }] }), "bad-options", /weight above 0/],
    ["a thin style (4000×8)", () => ({ content, styles: [{ image: checker(4000, 8) }] }), "bad-image", /style image \(4000×8\) is too narrow/],
  ];
  it.each(cases)("%s", async (_name, input, code, message) => {
    expectRefusal(await outcome(() => stylize(lite, input(), small)), code, message);
  });
});

describe("bad options", () => {
  const cases: Array<[string, Partial<StylizeOptions>, RegExp]> = [
    ["strength 2", { strength: 2 }, /strength must be a number from 0 to 1/],
    ["iterations 0", { iterations: 0 }, /iterations/],
    ["iterations 2.5", { iterations: 2.5 }, /whole number/],
    ["size 5000", { size: 5000 }, /size must be/],
    ["scales without 1", { scales: [0.5] }, /largest scale must be 1/],
    ["optimizer sgd", { optimizer: "sgd" as "adam" }, /optimizer must be one of/],
    ["an unknown style layer", { styleLayers: { conv9_9: 1 } }, /Unknown style layer/],
  ];
  it.each(cases)("%s", async (_name, o, message) => {
    expectRefusal(await outcome(() => stylize(lite, { content, styles: [{ image: style }] }, { ...small, ...o })), "bad-options", message);
  });

  it("the full preset with only the lite weights asks for the full weights", async () => {
    expectRefusal(await outcome(() => stylize(lite, { content, styles: [{ image: style }] }, { ...small, preset: "full" })), "weights-missing", /conv4_1/);
  });
});

describe("a non-finite loss is an error, never a picture", () => {
  it.each(["wasm", "cpu"] as const)("NaN weights on %s", async (backend) => {
    await (backend === "cpu" ? cpu() : wasm());
    const map = new Map<string, LayerWeights>();
    for (const [name, w] of lite.layers) map.set(name, { kernel: w.kernel, bias: name === "conv1_1" ? tf.fill([64], NaN) as tf.Tensor1D : w.bias });
    const broken = new VggWeights(map, "NaN bias");
    try {
      const e = await outcome(() => stylize(broken, { content, styles: [{ image: style }] }, { ...small, iterations: 2 }));
      expectRefusal(e, "backend-unavailable", /invalid number/);
    } finally {
      map.get("conv1_1")!.bias.dispose();
      await wasm();
    }
  });
});

describe("small and thin images: a picture or a plain refusal, on wasm and cpu", () => {
  const liteMin = minNetworkSide(tapsOf(PRESETS.lite.styleLayers, PRESETS.lite.contentLayer));
  const fullMin = minNetworkSide(tapsOf(PRESETS.full.styleLayers, PRESETS.full.contentLayer));

  it("the network's smallest side: 4 px for lite (two pools), 16 for full (four)", () => {
    expect([liteMin, fullMin]).toEqual([4, 16]);
  });

  const shapes: Array<[number, number]> = [[1, 1], [2, 2], [64, 1], [64, 2], [64, 3], [64, 4], [3, 4000], [4000, 8]];
  const table = (["wasm", "cpu"] as const).flatMap((backend) => [0, 32].flatMap((size) => shapes.map(([w, h]) => [backend, size, w, h] as const)));
  // What the run must give: the output's size, or null for a refusal.
  const expected = (size: number, w: number, h: number): [number, number] | null => {
    const long = size > 0 ? size : Math.max(w, h);
    const s = long / Math.max(w, h);
    const out: [number, number] = [Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s))];
    const work = Math.min(512, long) / Math.max(w, h);
    const workShort = Math.max(1, Math.round(Math.min(w, h) * work));
    return workShort >= 4 ? out : null;
  };

  it.each(table)("%s, size %i: %i×%i", async (backend, size, w, h) => {
    await (backend === "cpu" ? cpu() : wasm());
    try {
      const t0 = performance.now();
      const r = await outcome(() => stylize(lite, { content: checker(w, h), styles: [{ image: style }] }, { size, iterations: 1, previewEvery: 0 }));
      expect(performance.now() - t0).toBeLessThan(30_000);
      const want = expected(size, w, h);
      if (want === null) {
        expectRefusal(r, "bad-image", /too (small|narrow) to stylise: at the working size it is \d+×\d+ px, and the network needs at least 4 px on each side/);
      } else {
        expect(r).not.toBeInstanceOf(Error);
        const { image, stats } = r as Awaited<ReturnType<typeof stylize>>;
        expect([image.width, image.height]).toEqual(want);
        expect(Number.isFinite(stats.lossEnd.total)).toBe(true);
        // Every scale run is one the network can take.
        for (const [sw, sh] of stats.scales) expect(Math.min(sw, sh)).toBeGreaterThanOrEqual(4);
      }
    } finally {
      await wasm();
    }
  });
});

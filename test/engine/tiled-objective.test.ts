/**
 * Tiles give the whole picture's loss and gradient (tiled-objective.ts): on pictures that fit both
 * ways, the tiled evaluation equals the untiled one within 1e-4 relative in float32, for the lite
 * network (real weights) and the full one (generated weights for blocks 4–5), on cpu and wasm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { createObjectivePaced, styleGramsPaced } from "../../src/engine/objective";
import { rgbaToRgbTensor, resize } from "../../src/engine/pixels";
import { createTiledObjective } from "../../src/engine/tiled-objective";
import { tileGrid, tileHalo } from "../../src/engine/tiles";
import { createVgg19 } from "../../src/engine/vgg19";
import { randomVggWeights } from "../../src/weights/core/random";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { cpu, wasm } from "../helpers/backend";
import { fixture } from "../helpers/fixtures";
import { LITE_LAYERS } from "../helpers/lite-run";
import { noiseImage } from "../helpers/noise-image";
import { loadRawWeights } from "../helpers/raw-weights";

let lite: VggWeights;
let full: VggWeights;
beforeAll(async () => {
  await cpu();
  lite = loadRawWeights(LITE_LAYERS);
  full = randomVggWeights([...LITE_LAYERS, "conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1"], 3, lite);
});
afterAll(() => {
  full.dispose();
  lite.dispose();
});

const rel = (a: Float32Array, b: Float32Array) => {
  let d = 0,
    n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
};

/** Untiled and tiled evaluations of one objective at (w, h); returns their relative differences. */
async function compare(weights: () => VggWeights, preset: "lite" | "full", w: number, h: number, cols: number, rows: number) {
  const { styleLayers, contentLayer } = PRESETS[preset];
  const taps = tapsOf(styleLayers, contentLayer);
  const net = createVgg19(weights(), taps);
  const before = tf.memory().numTensors;
  const content = tf.tidy(() => resize(rgbaToRgbTensor(fixture("fixture_content_64x64.png")), h, w));
  const style = rgbaToRgbTensor(fixture("fixture_style_32x48.png"));
  const x = rgbaToRgbTensor(noiseImage(w, h, 7));
  const grams = await styleGramsPaced(net, [{ rgb: style, weight: 1 }], Object.keys(styleLayers), async () => {});
  const spec = { styleLayers, contentLayer, ratio: 1e3, tvWeight: 0.05 };
  const plain = await createObjectivePaced(net, content, grams, spec, async () => {});
  const tiles = tileGrid(w, h, cols, rows, taps);
  const tiled = await createTiledObjective({ net, content, grams, spec, tiles, pause: async () => {} });
  const a = await plain.evaluate(x);
  const b = await tiled.evaluate(x);
  const out = {
    tiles: tiles.length,
    cut: tiles.some((t) => t.cropW < w || t.cropH < h),
    loss: Math.abs(b.loss.dataSync()[0] - a.loss.dataSync()[0]) / Math.abs(a.loss.dataSync()[0]),
    parts: rel(b.parts.dataSync() as Float32Array, a.parts.dataSync() as Float32Array),
    grad: rel(b.grad.dataSync() as Float32Array, a.grad.dataSync() as Float32Array),
  };
  tf.dispose([a.loss, a.parts, a.grad, b.loss, b.parts, b.grad, content, style, x, ...Object.values(grams)]);
  plain.dispose();
  tiled.dispose();
  expect(tf.memory().numTensors).toBe(before);
  net.dispose();
  console.log(
    `${preset} ${tf.getBackend()} ${w}×${h} in ${out.tiles} tiles (halo ${tileHalo(taps)} px): relative error loss ${out.loss.toExponential(2)}, parts ${out.parts.toExponential(2)}, gradient ${out.grad.toExponential(2)}`,
  );
  return out;
}

describe("tiled objective", () => {
  for (const [name, backend] of [
    ["cpu", cpu],
    ["wasm", wasm],
  ] as const) {
    it(`lite, ${name}: 2×2 tiles, and one tile alone, give the untiled loss and gradient within 1e-4`, async () => {
      await backend();
      // One tile: pass 1 has nothing to do, the closing tile's own pass makes every Gram sum.
      for (const [cols, rows] of [
        [2, 2],
        [1, 1],
      ]) {
        // cpu is the slow reference backend: a smaller picture, its halos still cut
        const r = await compare(() => lite, "lite", name === "cpu" ? 56 : 72, name === "cpu" ? 48 : 56, cols, rows);
        expect(r.tiles).toBe(cols * rows);
        expect(r.cut).toBe(cols * rows > 1);
        expect(r.loss).toBeLessThan(1e-4);
        expect(r.parts).toBeLessThan(1e-4);
        expect(r.grad).toBeLessThan(1e-4);
      }
    }, 300_000);
  }

  it("full (generated blocks 4–5), wasm: 3×1 tiles whose halos are cut give the untiled loss and gradient within 1e-4", async () => {
    await wasm();
    const r = await compare(() => full, "full", 320, 48, 3, 1);
    expect(r.cut).toBe(true);
    expect(r.loss).toBeLessThan(1e-4);
    expect(r.grad).toBeLessThan(1e-4);
  }, 300_000);
});

/**
 * A style's Gram targets from tiles (tile-passes.ts tiledGrams) are its whole-picture Grams: each
 * tile's interior counts once, normalised as gram() is. A scale painted in tiles sees a style that
 * is larger than its tiles through those tiles (scale-objective.ts scaleGrams), and still gets the
 * same targets, each crop's forward pass within one tile's memory; a small style takes one pass.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { DEFAULT_OPTIONS, PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { hostRgb } from "../../src/engine/host-image";
import { wholeGrams } from "../../src/engine/objective";
import { resize, rgbaToRgbTensor } from "../../src/engine/pixels";
import { scaleGrams } from "../../src/engine/scale-objective";
import type { PlannedScale } from "../../src/engine/scale-plan";
import { tiledGrams } from "../../src/engine/tile-passes";
import { largestCrop, tileGrid } from "../../src/engine/tiles";
import { convStrategyFor } from "../../src/engine/conv";
import { evaluationPeakBytes } from "../../src/engine/memory";
import { createVgg19, type Vgg19 } from "../../src/engine/vgg19";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { wasm } from "../helpers/backend";
import { LITE_LAYERS } from "../helpers/lite-run";
import { noiseImage } from "../helpers/noise-image";
import { loadRawWeights } from "../helpers/raw-weights";

const { styleLayers, contentLayer } = PRESETS.lite;
const layers = Object.keys(styleLayers);
const taps = tapsOf(styleLayers, contentLayer);
const nothing = async () => undefined;

let lite: VggWeights;
let net: Vgg19;
beforeAll(async () => {
  await wasm();
  lite = loadRawWeights(LITE_LAYERS);
  net = createVgg19(lite, taps);
});
afterAll(() => {
  net.dispose();
  lite.dispose();
});

function relative(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.norm(tf.sub(a, b)).dataSync()[0] / tf.norm(b).dataSync()[0]);
}

describe("style Grams from tiles", () => {
  it("equal the whole picture's at every style layer, for grids of 2 × 2 and 3 × 2 (odd sizes)", async () => {
    const rgb = rgbaToRgbTensor(noiseImage(70, 54, 3));
    const whole = await wholeGrams(net, nothing)(rgb, layers);
    for (const [cols, rows] of [
      [2, 2],
      [3, 2],
    ]) {
      const tiled = await tiledGrams(net, rgb, Object.fromEntries(layers.map((l) => [l, 1])), tileGrid(70, 54, cols, rows, taps), nothing);
      for (const l of layers) expect(relative(tiled[l], whole[l]), `${l}, ${cols} × ${rows}`).toBeLessThan(1e-5);
      tf.dispose(Object.values(tiled));
    }
    tf.dispose([rgb, ...Object.values(whole)]);
  });

  it("a scale in tiles sees a larger style through crops whose forward pass fits its own tile's memory, and gets the same targets", async () => {
    const plan: PlannedScale = {
      width: 72,
      height: 56,
      iterations: 1,
      tiles: 4,
      cols: 2,
      rows: 2,
      optimizer: "adam",
      historyPairs: 0,
      peakBytes: 0,
      withinBudget: true,
      state: "host",
    };
    const style = noiseImage(120, 90, 8);
    const stylesNet = [hostRgb(style)];
    const o = { ...DEFAULT_OPTIONS, styleScale: 2 }; // seen at 144 × 108: twice the scale's side
    // The network as the scale sees it, noting the size of every picture it runs forward.
    const seen: Array<[number, number]> = [];
    const note = (x: tf.Tensor4D) => seen.push([x.shape[2], x.shape[1]]);
    const watched: Vgg19 = { ...net, featuresAt: (x, l) => (note(x), net.featuresAt(x, l)), featuresPaced: (x, p) => (note(x), net.featuresPaced(x, p)) };
    const src = { net: watched, stylesNet, styles: [{ image: style }], o, ratio: 1, pause: nothing };
    const before = tf.memory().numTensors;
    const base = tf.memory().numBytes;
    const tiledRun = await tf.profile(() => scaleGrams(src, plan));
    const tiledPeak = tiledRun.peakBytes - base; // read now: tf.profile hands back one shared record
    const byTiles = tiledRun.result as Record<string, tf.Tensor2D>;
    const crops = seen.splice(0);
    const seenStyle = tf.tidy(() => resize(rgbaToRgbTensor(style), 108, 144));
    const wholeBase = tf.memory().numBytes;
    const wholeRun = await tf.profile(() => wholeGrams(net, nothing)(seenStyle, layers));
    const wholePeak = wholeRun.peakBytes - wholeBase;
    const byOnePass = wholeRun.result as Record<string, tf.Tensor2D>;
    seenStyle.dispose();
    for (const l of layers) expect(relative(byTiles[l], byOnePass[l]), l).toBeLessThan(1e-5);
    const conv = convStrategyFor(tf.getBackend());
    const cap = evaluationPeakBytes(taps, ...largestCrop(72, 56, 2, 2, taps), conv);
    console.log(`style seen at 144 × 108 beside 2 × 2 tiles: ${crops.length} crops, the largest ${Math.max(...crops.map(([w, h]) => w * h))} px`);
    console.log(`device peak above what was held: ${tiledPeak} B in crops, ${wholePeak} B in one pass`);
    expect(crops.length).toBeGreaterThan(1);
    expect(tiledPeak).toBeLessThan(0.5 * wholePeak);
    for (const [w, h] of crops) expect(evaluationPeakBytes(taps, w, h, conv, false)).toBeLessThanOrEqual(cap);
    tf.dispose([...Object.values(byTiles), ...Object.values(byOnePass)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

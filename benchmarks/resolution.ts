/**
 * `npm run bench:resolution -- [--sizes 512,1024] [--preset lite] [--grid C,R] [--four-k MB]`: one
 * objective evaluation at each size on wasm, untiled and in tiles, the fastest of three after two warm-ups each:
 * seconds, the largest tensor bytes seen and the model's figures. The grid is the planner's (least
 * total crop area) for a tile evaluation of at most half the untiled one's modelled peak, or
 * `--grid`. The tile overhead is the ratio of the two timings in the same process (the machine may
 * be loaded); its floor is what tiling must spend: a second forward over every crop but the last
 * (pass 1, to the deepest style layer only) and both passes over the halos. Prints one JSON line per size.
 *
 * `oneTiledEvaluationAt4096(budgetMB)` (also `--four-k MB`): the 4096 × 2731 scale as the planner
 * plans it with the picture's state on the host (lite, wasm): one tiled evaluation, its seconds and
 * its measured peak tensor bytes (tf.profile, weights included) against the plan's.
 */
import * as tf from "@tensorflow/tfjs-core";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findPackageRoot } from "../src/cli/package-root";
import { convStrategyFor } from "../src/engine/conv-strategy";
import { PRESETS } from "../src/engine/defaults";
import { createHostTiledObjective } from "../src/engine/host-tiled-objective";
import { evaluationPeakBytes } from "../src/engine/memory";
import { createObjectivePaced, styleGramsPaced, type ScaleObjective } from "../src/engine/objective";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { presetTaps, tilesFor } from "../src/engine/scale-plan";
import { fitLongSide } from "../src/engine/scale-sizes";
import { leastAreaGrid } from "../src/engine/tile-choice";
import { createTiledObjective } from "../src/engine/tiled-objective";
import { gridCrops, largestCrop, tileGrid, tiling } from "../src/engine/tiles";
import type { PresetName } from "../src/engine/types";
import { VggWeights } from "../src/engine/vgg-weights";
import { createVgg19, type Vgg19 } from "../src/engine/vgg19";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";

/** What every measurement needs: the network, the pictures and the style's Grams at one preset, on wasm. */
async function setUp(preset: PresetName, from?: string | VggWeights) {
  const root = findPackageRoot();
  await useNodeBackend("wasm");
  const weights = from instanceof VggWeights ? from : await loadWeightsFromDir(from ?? join(root, "weights", preset));
  const shared = resolve(root, "..", "shared", "images");
  const content = await readImageFile(join(shared, "content_tubingen.jpg"));
  const style = await readImageFile(join(shared, "style_starry_night.jpg"));
  const { styleLayers, contentLayer } = PRESETS[preset];
  const { taps } = presetTaps(preset);
  const net = createVgg19(weights, taps);
  const s = rgbaToRgbTensor(style);
  const grams = await styleGramsPaced(net, [{ rgb: s, weight: 1 }], Object.keys(styleLayers), async () => {});
  s.dispose();
  const spec = { styleLayers, contentLayer, ratio: 1e3, tvWeight: 0 };
  const dispose = () => {
    tf.dispose(Object.values(grams));
    net.dispose();
    if (weights !== from) weights.dispose(); // weights passed in stay the caller's
  };
  return { content, net, grams, spec, taps, contentLayer, dispose };
}

/**
 * Seconds and peak tensor bytes of one evaluation: the fastest of three after two warm-ups. A tiled
 * objective's first evaluations are slower than its later ones (each crop shape is new to the
 * backend), and a run makes tens of them, so one warm-up overstated its cost against the untiled one.
 */
async function timeOne(objective: ScaleObjective, x: tf.Tensor4D, peak: { bytes: number }) {
  let best = { seconds: Infinity, cpuSeconds: Infinity };
  let peakBytes = 0;
  for (let i = 0; i < 5; i++) {
    peak.bytes = tf.memory().numBytes;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await objective.evaluate(x);
    await r.loss.data();
    peak.bytes = Math.max(peak.bytes, tf.memory().numBytes);
    tf.dispose([r.loss, r.parts, r.grad]);
    // CPU seconds too: on a loaded machine they measure the work where wall seconds measure the neighbours.
    const c = process.cpuUsage(c0);
    const seconds = (performance.now() - t0) / 1000;
    if (i < 2) continue;
    peakBytes = Math.max(peakBytes, peak.bytes);
    if (seconds < best.seconds) best = { seconds, cpuSeconds: (c.user + c.system) / 1e6 };
  }
  return { ...best, peakBytes };
}

/** CPU seconds of one forward pass to every tap (after a warm-up one): F in the floor's F + B. */
function timeForward(net: Vgg19, x: tf.Tensor4D): number {
  let seconds = 0;
  for (let i = 0; i < 2; i++) {
    const c0 = process.cpuUsage();
    const f = net.features(x);
    tf.dispose(Object.values(f));
    const c = process.cpuUsage(c0);
    seconds = (c.user + c.system) / 1e6;
  }
  return seconds;
}

/** Untiled against tiled at one size; the grid is forced or the planner's for half the untiled peak. */
async function overheadAt(u: Awaited<ReturnType<typeof setUp>>, preset: PresetName, size: number, forced?: [number, number]) {
  const { net, grams, spec, taps } = u;
  const [w, h] = fitLongSide(u.content.width, u.content.height, size);
  const conv = convStrategyFor("wasm");
  const untiledModel = evaluationPeakBytes(taps, w, h, conv);
  const chosen = forced ? null : leastAreaGrid(w, h, taps, (cw, ch) => evaluationPeakBytes(taps, cw, ch, conv) <= untiledModel / 2);
  const grid = forced ?? (chosen ? [chosen.cols, chosen.rows] : null);
  if (!grid) throw new Error(`at ${w} × ${h} no grid's tiles are half the untiled evaluation (the halos are too wide): give a grid`);
  const [cols, rows] = grid;
  const c = tf.tidy(() => resize(rgbaToRgbTensor(u.content), h, w));
  const peak = { bytes: 0 };
  const note = () => void (peak.bytes = Math.max(peak.bytes, tf.memory().numBytes));
  const whole = await createObjectivePaced(net, c, grams, spec, async () => note());
  const untiled = await timeOne(whole, c, peak);
  whole.dispose();
  const forward = timeForward(net, c);
  const tiles = tileGrid(w, h, cols, rows, taps);
  const inTiles = await createTiledObjective({ net, content: c, grams, spec, tiles, pause: async () => note(), onTile: note });
  const tiled = await timeOne(inTiles, c, peak);
  inTiles.dispose();
  c.dispose();
  const [cw, ch] = largestCrop(w, h, cols, rows, taps);
  const cropRatio = gridCrops(w, h, cols, rows, tiling(taps)).area / (w * h);
  // Pass 1 forwards every crop but the last (the closing tile's pass 2 makes its share).
  const pass1Ratio = tiles.slice(0, -1).reduce((a, t) => a + t.cropW * t.cropH, 0) / (w * h);
  // F'' + F' + B' with F' and B' the untiled passes scaled by all crops' area, F'' by pass 1's (its shallower forward counted whole).
  const floor = (pass1Ratio * forward + cropRatio * untiled.cpuSeconds) / untiled.cpuSeconds;
  return {
    preset,
    size: [w, h],
    untiled: { ...untiled, forwardCpuSeconds: forward, modelBytes: untiledModel },
    tiled: {
      seconds: tiled.seconds,
      peakBetweenTilesBytes: tiled.peakBytes,
      tiles: tiles.length,
      grid: [cols, rows],
      tileModelBytes: evaluationPeakBytes(taps, cw, ch, conv),
    },
    cropAreaRatio: cropRatio,
    passOneAreaRatio: pass1Ratio,
    tileOverhead: tiled.seconds / untiled.seconds,
    tileOverheadCpu: tiled.cpuSeconds / untiled.cpuSeconds,
    tileOverheadFloor: floor,
  };
}

/** One tiled evaluation against one untiled at a size. */
export type TileOverhead = Awaited<ReturnType<typeof overheadAt>>;

/**
 * The tile overhead at one long side (lite; the weights given, or those in a folder, default
 * weights/lite), set up and torn down on its own: the bench's `tiles` part runs each in its own process.
 */
export async function tileOverheadAt(size: number, weights?: string | VggWeights, grid?: [number, number]): Promise<TileOverhead> {
  const u = await setUp("lite", weights);
  try {
    return await overheadAt(u, "lite", size, grid);
  } finally {
    u.dispose();
  }
}

/**
 * One tiled evaluation of the lite network at 4096 × 2731 with the picture's state on the host, in
 * the grid the planner picks for `budgetMB` on wasm: its seconds (the evaluation, not the content
 * target's setup), the measured peak tensor bytes (tf.profile over setup and evaluation, weights and
 * Grams included) and the plan's modelled peak.
 */
export async function oneTiledEvaluationAt4096(budgetMB: number) {
  const u = await setUp("lite");
  const [w, h] = [4096, 2731];
  const plan = tilesFor(
    { taps: u.taps, contentLayer: u.contentLayer, historySize: 0, memoryBudgetMB: budgetMB, conv: convStrategyFor("wasm"), hostState: true },
    w,
    h,
  );
  const host = tf.tidy(() => resize(rgbaToRgbTensor(u.content), h, w));
  const content = (await host.data()) as Float32Array;
  host.dispose();
  const tiles = tileGrid(w, h, plan.cols, plan.rows, u.taps);
  const grad = new Float32Array(content.length);
  let seconds = 0;
  const p = await tf.profile(async () => {
    const f = await createHostTiledObjective({ net: u.net, content, width: w, height: h, grams: u.grams, spec: u.spec, tiles, pause: async () => {} });
    const t0 = performance.now();
    await f(content, grad);
    seconds = (performance.now() - t0) / 1000;
    return [] as tf.Tensor[];
  });
  const leaked = tf.memory().numTensors;
  u.dispose();
  return {
    size: [w, h],
    budgetMB,
    grid: [plan.cols, plan.rows],
    state: plan.state,
    seconds,
    peakBytes: p.peakBytes,
    modelBytes: plan.peakBytes,
    withinBudget: p.peakBytes <= budgetMB * 2 ** 20,
    tensorsLeftBeforeDispose: leaked,
  };
}

async function main() {
  const { values: v } = parseArgs({
    options: { sizes: { type: "string" }, preset: { type: "string" }, grid: { type: "string" }, "four-k": { type: "string" } },
  });
  if (v["four-k"]) {
    console.log(JSON.stringify(await oneTiledEvaluationAt4096(Number(v["four-k"]))));
    return;
  }
  const preset: PresetName = v.preset === "full" ? "full" : "lite";
  const u = await setUp(preset);
  const forced = v.grid ? (v.grid.split(",").map(Number) as [number, number]) : undefined;
  for (const size of (v.sizes ?? "512,1024").split(",").map(Number)) console.log(JSON.stringify(await overheadAt(u, preset, size, forced)));
  u.dispose();
}

// Run as `npm run bench:resolution`; imported (the bench's `resolution` section), it only exports.
if (/resolution\.[jt]s$/.test(process.argv[1] ?? "")) await main();

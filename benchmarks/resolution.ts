/**
 * `npm run bench:resolution -- [--sizes 512,1024] [--preset lite]`: one objective evaluation at each
 * size on wasm, untiled and in tiles (`--grid C,R`, default 2,2), after one warm-up evaluation each: seconds, the largest tensor bytes seen
 * (tf.memory() between layers untiled; between tiles only, tiled) and the model's figures. The tile
 * overhead is the ratio of the two timings in the same process (the machine may be loaded).
 * Prints one JSON line per size.
 */
import * as tf from "@tensorflow/tfjs-core";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findPackageRoot } from "../src/cli/package-root";
import { convStrategyFor } from "../src/engine/conv-strategy";
import { evaluationPeakBytes } from "../src/engine/memory";
import { createObjectivePaced, styleGramsPaced } from "../src/engine/objective";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { presetTaps } from "../src/engine/scale-plan";
import { fitLongSide } from "../src/engine/scale-sizes";
import { PRESETS } from "../src/engine/defaults";
import { createTiledObjective } from "../src/engine/tiled-objective";
import { largestCrop, tileGrid } from "../src/engine/tiles";
import type { ScaleObjective } from "../src/engine/objective";
import { createVgg19 } from "../src/engine/vgg19";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";

const { values: v } = parseArgs({ options: { sizes: { type: "string" }, preset: { type: "string" }, grid: { type: "string" } } });
const preset = v.preset === "full" ? "full" : "lite";
const root = findPackageRoot();
await useNodeBackend("wasm");
const weights = await loadWeightsFromDir(join(root, "weights", preset));
const shared = resolve(root, "..", "shared", "images");
const content = await readImageFile(join(shared, "content_tubingen.jpg"));
const style = await readImageFile(join(shared, "style_starry_night.jpg"));
const { styleLayers, contentLayer } = PRESETS[preset];
const { taps } = presetTaps(preset);
const net = createVgg19(weights, taps);
const conv = convStrategyFor("wasm");

/** Seconds and peak tensor bytes of one evaluation (after a warm-up one). */
async function timeOne(objective: ScaleObjective, x: tf.Tensor4D, peak: { bytes: number }) {
  for (let i = 0; i < 2; i++) {
    peak.bytes = tf.memory().numBytes;
    const t0 = performance.now();
    const r = await objective.evaluate(x);
    await r.loss.data();
    peak.bytes = Math.max(peak.bytes, tf.memory().numBytes);
    tf.dispose([r.loss, r.parts, r.grad]);
    if (i === 1) return { seconds: (performance.now() - t0) / 1000, peakBytes: peak.bytes };
  }
  throw new Error("unreachable");
}

for (const size of (v.sizes ?? "512,1024").split(",").map(Number)) {
  const [w, h] = fitLongSide(content.width, content.height, size);
  const spec = { styleLayers, contentLayer, ratio: 1e3, tvWeight: 0 };
  const c = tf.tidy(() => resize(rgbaToRgbTensor(content), h, w));
  const s = tf.tidy(() => rgbaToRgbTensor(style));
  const grams = await styleGramsPaced(net, [{ rgb: s, weight: 1 }], Object.keys(styleLayers), async () => {});
  const x = c.clone();
  const untiledModel = evaluationPeakBytes(taps, w, h, conv);
  const [cols, rows] = (v.grid ?? "2,2").split(",").map(Number);
  const peak = { bytes: 0 };
  const note = () => {
    peak.bytes = Math.max(peak.bytes, tf.memory().numBytes);
  };
  const whole = await createObjectivePaced(net, c, grams, spec, async () => void note());
  const untiled = await timeOne(whole, x, peak);
  whole.dispose();
  const tiles = tileGrid(w, h, cols, rows, taps);
  const inTiles = await createTiledObjective({ net, content: c, grams, spec, tiles, pause: async () => void note(), onTile: note });
  const tiled = await timeOne(inTiles, x, peak);
  inTiles.dispose();
  const [cw, ch] = largestCrop(w, h, cols, rows, taps);
  console.log(
    JSON.stringify({
      preset,
      size: [w, h],
      untiled: { ...untiled, modelBytes: untiledModel },
      tiled: {
        seconds: tiled.seconds,
        peakBetweenTilesBytes: tiled.peakBytes,
        tiles: tiles.length,
        grid: [cols, rows],
        tileModelBytes: evaluationPeakBytes(taps, cw, ch, conv),
      },
      tileOverhead: tiled.seconds / untiled.seconds,
    }),
  );
  tf.dispose([c, s, x, ...Object.values(grams)]);
}
net.dispose();
weights.dispose();

/**
 * `node dist/bench/default-run.js [--size 128] [--pairs N] [--scale-x 3]`: is the default run the
 * converged one? On the shared pairs, the default options (stopping each scale by measured
 * convergence) against the same run given `scale-x` times the iterations at every scale with no
 * early stop: final losses, per-layer style terms of both results, iterations per scale, seconds,
 * and the ETA's error at a quarter and at half of the run. Lite weights, wasm, strength 0.75.
 */
import * as tf from "@tensorflow/tfjs-core";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_OPTIONS, PRESETS } from "../src/engine/defaults";
import { createVgg19 } from "../src/engine/vgg19";
import { gram, styleTerm } from "../src/engine/losses";
import { tapsOf } from "../src/engine/layers";
import { fitLongSide, resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { strengthToRatio } from "../src/engine/strength";
import { stylize, styleSizeAt } from "../src/engine/stylize";
import type { Progress, RgbaImage, StylizeOptions } from "../src/engine/types";
import type { VggWeights } from "../src/engine/weights/vgg-weights";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/node/load-weights-dir";
import { findPackageRoot } from "../src/cli/package-root";

const PAIRS: Array<[string, string]> = [
  ["content_tubingen.jpg", "style_starry_night.jpg"],
  ["content_chelsea.jpg", "style_great_wave.jpg"],
  ["content_astronaut.jpg", "style_the_scream.jpg"],
  ["content_coffee.jpg", "style_composition_vii.jpg"],
];

/** Each style layer's weighted term (as it enters the loss) for `image` at its own size. */
function styleTerms(weights: VggWeights, image: RgbaImage, style: RgbaImage, o: StylizeOptions): Record<string, number> {
  const { styleLayers, contentLayer } = PRESETS[o.preset];
  const net = createVgg19(weights, tapsOf(styleLayers, contentLayer));
  try {
    return tf.tidy(() => {
      const x = rgbaToRgbTensor(image);
      const [sw, sh] = styleSizeAt(style, image.width, image.height, o.styleScale);
      const fs = net.features(resize(rgbaToRgbTensor(style), sh, sw));
      const fx = net.features(x);
      const ratio = strengthToRatio(o.strength, o.preset);
      return Object.fromEntries(Object.entries(styleLayers).map(([l, w]) => [l, +styleTerm(fx[l], gram(fs[l]), w * ratio).dataSync()[0].toPrecision(4)]));
    });
  } finally {
    net.dispose();
  }
}

interface RunOutcome {
  loss: number;
  style: number;
  content: number;
  iterationsPerScale: number[];
  seconds: number;
  styleTerms: Record<string, number>;
  /** (predicted − real) time left over the real time left, at 25 % and 50 % of the run. */
  etaError: { at25: number | null; at50: number | null };
}

async function runOnce(weights: VggWeights, content: RgbaImage, style: RgbaImage, o: Partial<StylizeOptions>): Promise<RunOutcome> {
  const seen: Progress[] = [];
  const r = await stylize(weights, { content, styles: [{ image: style }] }, { ...o, previewEvery: 0 }, { onProgress: (p) => seen.push(p) });
  const total = r.stats.elapsedMs;
  const etaAt = (f: number) => {
    const p = seen.find((q) => q.elapsedMs >= f * total && Number.isFinite(q.etaMs));
    if (!p) return null;
    const real = total - p.elapsedMs;
    return +((p.etaMs - real) / real).toFixed(3);
  };
  const perScale = r.stats.scales.map((_, i) => seen.filter((p) => p.scaleIndex === i).length);
  const full = { ...DEFAULT_OPTIONS, ...o } as StylizeOptions;
  return {
    loss: r.stats.lossEnd.total,
    style: r.stats.lossEnd.style,
    content: r.stats.lossEnd.content,
    iterationsPerScale: perScale,
    seconds: +(total / 1000).toFixed(1),
    styleTerms: styleTerms(weights, r.image, style, full),
    etaError: { at25: etaAt(0.25), at50: etaAt(0.5) },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: "string" }, pairs: { type: "string" }, "scale-x": { type: "string" }, tolerance: { type: "string" }, window: { type: "string" }, iterations: { type: "string" } } });
  const size = Number(values.size ?? 128);
  const nPairs = Number(values.pairs ?? 3);
  const times = Number(values["scale-x"] ?? 3);
  const root = findPackageRoot();
  const shared = resolve(root, "../shared");
  await useNodeBackend("wasm");
  const weights = await loadWeightsFromDir(join(root, "weights/lite"));
  const base: Partial<StylizeOptions> = { preset: "lite", size, workingSize: size, strength: 0.75 };
  if (values.tolerance) base.stopTolerance = Number(values.tolerance);
  if (values.window) base.stopWindow = Number(values.window);
  if (values.iterations) base.iterations = Number(values.iterations);
  for (const [c, s] of PAIRS.slice(0, nPairs)) {
    const content = await readImageFile(join(shared, "images", c));
    const style = await readImageFile(join(shared, "images", s));
    const dflt = await runOnce(weights, content, style, base);
    const longer = await runOnce(weights, content, style, { ...base, stopTolerance: 0, iterations: times * Math.max(...dflt.iterationsPerScale) });
    const row = {
      pair: `${c} × ${s}`,
      size: fitLongSide(content.width, content.height, size),
      options: { stopTolerance: base.stopTolerance ?? DEFAULT_OPTIONS.stopTolerance, stopWindow: base.stopWindow ?? DEFAULT_OPTIONS.stopWindow, iterations: base.iterations ?? DEFAULT_OPTIONS.iterations },
      default: dflt,
      converged: longer,
      lossAboveConverged: +(dflt.loss / longer.loss - 1).toFixed(4),
    };
    process.stdout.write(JSON.stringify(row) + "\n");
  }
  weights.dispose();
}

await main();

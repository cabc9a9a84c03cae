/**
 * Quantisation, measured: float16 and uint8 lite weights against float32, on the real weights
 * (../shared/vgg19) and the shared images.
 *   1. relative L2 error of each tapped layer's activations and of its Gram matrix (extractFeatures)
 *   2. the NST loss after N iterations (stylize, lite, one scale) and how far the picture moves
 * Run: npm run bench:quantisation [-- --backend cpu|wasm --size 64 --iterations 100 --shared DIR]
 * Writes bench-results/quantisation.json and prints a Markdown table (pasted into weights/README.md).
 */
import * as tf from "@tensorflow/tfjs-core";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PRESETS } from "../src/engine/defaults";
import { gram } from "../src/engine/losses";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { fitLongSide } from "../src/engine/scale-sizes";
import { stylize } from "../src/engine/stylize";
import type { LossParts, RgbaImage } from "../src/engine/types";
import { extractFeatures } from "../src/engine/vgg19";
import type { WeightDtype } from "../src/weights/core/manifest";
import { VggWeights, type LayerWeights } from "../src/engine/vgg-weights";
import { useNodeBackend, type NodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";
import { runWeightsTool } from "../src/weights/node/run-weights";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const shared = resolve(arg("shared", "../shared"));
const backend = arg("backend", "cpu") as NodeBackend;
const size = Number(arg("size", "64"));
const iterations = Number(arg("iterations", "100"));
const ACT_SIZE = 128; // long side for the activation comparison
const IMAGES = ["content_tubingen.jpg", "content_chelsea.jpg", "style_starry_night.jpg", "style_great_wave.jpg"];
const PAIRS: Array<[string, string]> = [
  ["content_tubingen.jpg", "style_starry_night.jpg"],
  ["content_chelsea.jpg", "style_great_wave.jpg"],
];
const DTYPES: WeightDtype[] = ["float32", "float16", "uint8"];

interface Row {
  dtype: WeightDtype;
  layer: string;
  /** max over images of ‖F_q − F_32‖ / ‖F_32‖ */
  actRelErr: number;
  gramRelErr: number;
}
/** Control: float32 weights scaled by (1 + 1e-6), far below float16's rounding. How far a 100-step
 * optimisation drifts from a perturbation that small says how much of a pixel difference is noise. */
const CONTROL = "float32 × (1+1e-6)";

interface NstRow {
  dtype: WeightDtype | typeof CONTROL;
  pair: string;
  loss: LossParts;
  /** Relative to the float32 run's final total loss. */
  lossRelDiff: number;
  /** Mean |Δ| of the result's RGB vs the float32 result, 0–255 scale. */
  pixelMeanAbsDiff: number;
  ms: number;
}

function relErr(a: tf.Tensor, ref: tf.Tensor): number {
  return tf.tidy(() => tf.norm(tf.sub(a, ref)).dataSync()[0] / tf.norm(ref).dataSync()[0]);
}

function pixelDiff(a: RgbaImage, b: RgbaImage): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    s += Math.abs(a.data[i] - b.data[i]);
    n++;
  }
  return s / n;
}

async function main(): Promise<void> {
  console.error(`backend ${await useNodeBackend(backend)}`);
  const work = mkdtempSync(join(tmpdir(), "restyle-quant-"));
  const weights = new Map<WeightDtype, VggWeights>();
  const sizes: Record<string, number> = {};
  let control: VggWeights | null = null;
  try {
    for (const dtype of DTYPES) {
      const out = join(work, dtype);
      const report = await runWeightsTool({ from: join(shared, "vgg19"), out, dtype, url: "", md5: "" }, { log: () => undefined });
      sizes[dtype] = report.built[0].bytes;
      weights.set(dtype, await loadWeightsFromDir(join(out, "lite")));
    }
    const f32 = weights.get("float32")!;
    control = new VggWeights(
      new Map(f32.names.map((n): [string, LayerWeights] => [n, { kernel: tf.mul(f32.get(n).kernel, 1 + 1e-6), bias: tf.mul(f32.get(n).bias, 1 + 1e-6) }])),
    );
    const lite = PRESETS.lite;
    const taps = [...Object.keys(lite.styleLayers), lite.contentLayer];
    const images = new Map<string, RgbaImage>();
    for (const f of IMAGES) images.set(f, await readImageFile(join(shared, "images", f)));

    // 1. Activations and Grams.
    const rows: Row[] = [];
    for (const dtype of DTYPES.slice(1)) {
      for (const layer of taps) rows.push({ dtype, layer, actRelErr: 0, gramRelErr: 0 });
      for (const img of images.values()) {
        tf.tidy(() => {
          const [w, h] = fitLongSide(img.width, img.height, ACT_SIZE);
          const rgb = resize(rgbaToRgbTensor(img), h, w);
          const ref = extractFeatures(weights.get("float32")!, rgb, taps);
          const q = extractFeatures(weights.get(dtype)!, rgb, taps);
          for (const layer of taps) {
            const r = rows.find((x) => x.dtype === dtype && x.layer === layer)!;
            r.actRelErr = Math.max(r.actRelErr, relErr(q[layer], ref[layer]));
            r.gramRelErr = Math.max(r.gramRelErr, relErr(gram(q[layer]), gram(ref[layer])));
          }
        });
      }
    }

    // 2. The NST loss after `iterations` steps, same seed and options for every dtype.
    const nst: NstRow[] = [];
    for (const [c, s] of PAIRS) {
      let ref: { loss: LossParts; image: RgbaImage } | null = null;
      for (const dtype of [...DTYPES, CONTROL] as const) {
        const t0 = performance.now();
        const res = await stylize(
          dtype === CONTROL ? control! : weights.get(dtype)!,
          { content: images.get(c)!, styles: [{ image: images.get(s)! }] },
          { preset: "lite", size, workingSize: size, iterations, scales: [1], seed: 1 },
        );
        const ms = performance.now() - t0;
        if (dtype === "float32") ref = { loss: res.stats.lossEnd, image: res.image };
        nst.push({
          dtype,
          pair: `${c.replace(/\..*/, "")} × ${s.replace(/\..*/, "")}`,
          loss: res.stats.lossEnd,
          lossRelDiff: (res.stats.lossEnd.total - ref!.loss.total) / ref!.loss.total,
          pixelMeanAbsDiff: pixelDiff(res.image, ref!.image),
          ms,
        });
        console.error(`${dtype} ${c} × ${s}: loss ${res.stats.lossEnd.total.toExponential(4)} in ${(ms / 1000).toFixed(1)} s`);
      }
    }

    const result = { backend: tf.getBackend(), activationSize: ACT_SIZE, nstSize: size, iterations, images: IMAGES, liteBytes: sizes, activations: rows, nst };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/quantisation.json", JSON.stringify(result, null, 1) + "\n");
    console.log(`lite bytes: ${DTYPES.map((d) => `${d} ${sizes[d]}`).join(", ")}\n`);
    console.log(`| dtype | layer | activation rel. error (max of ${IMAGES.length} images, ${ACT_SIZE} px) | Gram rel. error |`);
    console.log("|---|---|---|---|");
    for (const r of rows) console.log(`| ${r.dtype} | ${r.layer} | ${r.actRelErr.toExponential(2)} | ${r.gramRelErr.toExponential(2)} |`);
    console.log(`\n| dtype | pair | loss after ${iterations} it. (${size} px) | vs float32 | mean abs pixel diff vs float32 (0–255) |`);
    console.log("|---|---|---|---|---|");
    for (const r of nst) console.log(`| ${r.dtype} | ${r.pair} | ${r.loss.total.toExponential(4)} | ${(r.lossRelDiff * 100).toFixed(3)} % | ${r.pixelMeanAbsDiff.toFixed(3)} |`);
  } finally {
    for (const w of weights.values()) w.dispose();
    control?.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

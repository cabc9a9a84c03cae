/**
 * How much JPEG quality the built-in paintings need (docs/perf/gallery.md): for each painting, the
 * style distance (the engine's own: Σ over the lite style layers of mean((G_a − G_b)²), Grams
 * normalised by C·H·W) between the lossless reference at the shipped size and each JPEG quality of
 * `resize.py --sweep`, beside two yardsticks: another resampling filter (bicubic for Lanczos), and
 * the reference through a 256 px copy (what the gallery shipped before).
 *
 *   /usr/bin/python3 assets/gallery/resize.py ../shared/images --sweep /tmp/gal-sweep
 *   npx esbuild benchmarks/gallery-quality.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=dist/bench/gallery-quality.js && node dist/bench/gallery-quality.js /tmp/gal-sweep > gallery.json
 */
import * as tf from "@tensorflow/tfjs-core";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { PRESETS } from "../src/engine/defaults";
import { gram } from "../src/engine/losses";
import { rgbaToRgbTensor } from "../src/engine/pixels";
import type { RgbaImage } from "../src/engine/types";
import { extractFeatures } from "../src/engine/vgg19";
import type { VggWeights } from "../src/engine/vgg-weights";
import { useNodeBackend } from "../src/node/backend";
import { decodeImage } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";

const LAYERS = Object.keys(PRESETS.lite.styleLayers);

function grams(w: VggWeights, img: RgbaImage): tf.Tensor2D[] {
  return tf.tidy(() => {
    const f = extractFeatures(w, rgbaToRgbTensor(img), LAYERS);
    return LAYERS.map((l) => gram(f[l]));
  });
}

function distance(a: readonly tf.Tensor2D[], b: readonly tf.Tensor2D[]): number {
  return tf.tidy(() => a.reduce((s, g, i) => s + tf.mean(tf.squaredDifference(g, b[i])).dataSync()[0], 0));
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? "/tmp/gal-sweep";
  await useNodeBackend("wasm");
  const w = await loadWeightsFromDir(process.env.RESTYLE_WEIGHTS ?? "weights/lite");
  const files = await readdir(dir);
  const slugs = files.filter((f) => /^[a-z0-9-]+\.png$/.test(f) && !/-(bicubic|via256)\.png$/.test(f)).map((f) => f.slice(0, -4));
  const out: Record<string, unknown> = {};
  for (const slug of slugs) {
    const ref = decodeImage(await readFile(join(dir, `${slug}.png`)));
    const g0 = grams(w, ref);
    const vs = async (file: string) => {
      const g = grams(w, decodeImage(await readFile(join(dir, file))));
      const d = distance(g0, g);
      tf.dispose(g);
      return d;
    };
    const qualities: Record<string, { bytes: number; distance: number }> = {};
    for (const f of files.filter((n) => n.startsWith(`${slug}-q`)).sort()) {
      qualities[f.slice(slug.length + 2, -4)] = { bytes: (await stat(join(dir, f))).size, distance: await vs(f) };
      process.stderr.write(`${slug} ${f}\n`);
    }
    out[slug] = { width: ref.width, height: ref.height, bicubic: await vs(`${slug}-bicubic.png`), via256: await vs(`${slug}-via256.png`), qualities };
    tf.dispose(g0);
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

await main();

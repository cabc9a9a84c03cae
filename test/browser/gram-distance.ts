/**
 * Style distance measured the way the engine defines style: Σ over the lite style layers of
 * mean((G_a − G_b)²), Grams normalised by C·H·W, computed with the engine's own code on the tfjs cpu
 * backend in Node, from the lite weights on disk.
 */
import * as tf from "@tensorflow/tfjs-core";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { useNodeBackend } from "../../src/node/backend";
import { PRESETS } from "../../src/engine/defaults";
import { gram } from "../../src/engine/losses";
import { rgbaToRgbTensor } from "../../src/engine/pixels";
import type { RgbaImage } from "../../src/engine/types";
import { extractFeatures } from "../../src/engine/vgg19";
import { loadWeights } from "../../src/weights/core/load-weights";
import { parseManifest } from "../../src/weights/core/parse-manifest";
import type { VggWeights } from "../../src/engine/vgg-weights";

export async function loadLiteWeights(dir: string): Promise<VggWeights> {
  await useNodeBackend("cpu");
  const manifest = parseManifest(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
  return loadWeights(manifest, async (p) => new Uint8Array(await readFile(join(dir, p))));
}

function styleGrams(w: VggWeights, img: RgbaImage): Record<string, tf.Tensor2D> {
  const layers = Object.keys(PRESETS.lite.styleLayers);
  return tf.tidy(() => {
    const feats = extractFeatures(w, rgbaToRgbTensor(img), layers);
    return Object.fromEntries(layers.map((l) => [l, gram(feats[l])]));
  });
}

export function gramDistance(w: VggWeights, a: RgbaImage, b: RgbaImage): number {
  const ga = styleGrams(w, a);
  const gb = styleGrams(w, b);
  const d = tf.tidy(() => Object.keys(ga).reduce((s, l) => s + tf.mean(tf.squaredDifference(ga[l], gb[l])).dataSync()[0], 0));
  tf.dispose([...Object.values(ga), ...Object.values(gb)]);
  return d;
}

/**
 * Quality at size (the bench: 1024 px): the fine style terms (conv1_1 + conv2_1) of a result painted
 * at 1024 px against the 512 px result enlarged to 1024 by the engine's resampler, both scored at
 * 1024 against the same style (seen at the size a 1024 px scale sees it), and a sheet of 1:1 crops
 * side by side. The painted result is the 512 px one's warm start at 1024, as its finer scale runs.
 */
import * as tf from "@tensorflow/tfjs-core";
import { PRESETS } from "../src/engine/defaults";
import { styleTerm } from "../src/engine/losses";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { styleSizeAt, stylize } from "../src/engine/stylize";
import type { RgbaImage } from "../src/engine/types";
import type { VggWeights } from "../src/engine/vgg-weights";
import { extractFeatures } from "../src/engine/vgg19";

export interface QualityAtSizeReport {
  preset: "lite";
  size: [number, number];
  /** Iteration caps: the first (512 px) run's, and the finer (1024 px) scale's, started from its result. */
  iterations: [number, number];
  /** Per style layer, the style term (weight 1) at the finer size. */
  native: Record<string, number>;
  upscaled: Record<string, number>;
  /** conv1_1 + conv2_1: native over upscaled (< 1: the native result matches the style's fine texture better). */
  fineRatio: number;
  seconds: { first: number; fine: number };
}

const FINE = ["conv1_1", "conv2_1"];

/** Each style layer's term for `img` against `style` at the image's size. */
function styleTerms(weights: VggWeights, img: tf.Tensor4D, style: RgbaImage): Record<string, number> {
  const layers = Object.keys(PRESETS.lite.styleLayers);
  return tf.tidy(() => {
    const [, h, w] = img.shape;
    const [sw, sh] = styleSizeAt(style, w, h, 1);
    const sf = extractFeatures(weights, resize(rgbaToRgbTensor(style), sh, sw), layers);
    const f = extractFeatures(weights, img, layers);
    return Object.fromEntries(
      layers.map((l) => [
        l,
        styleTerm(
          f[l],
          tf.tidy(() => gramOf(sf[l])),
          1,
        ).dataSync()[0],
      ]),
    );
  });
}

function gramOf(f: tf.Tensor4D): tf.Tensor2D {
  const [, h, w, c] = f.shape;
  const m = tf.reshape(f, [h * w, c]) as tf.Tensor2D;
  return tf.div(tf.matMul(m, m, true, false), c * h * w);
}

/** Crops (x, y, side) of each image at 1:1, side by side: [upscaled | native] per region, regions stacked. */
export function cropSheet(left: RgbaImage, right: RgbaImage, regions: ReadonlyArray<[number, number]>, side: number, gap = 8): RgbaImage {
  const width = 2 * side + gap;
  const height = regions.length * side + (regions.length - 1) * gap;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  regions.forEach(([x0, y0], r) => {
    [left, right].forEach((img, c) => {
      for (let y = 0; y < side; y++) {
        const src = ((y0 + y) * img.width + x0) * 4;
        data.set(img.data.subarray(src, src + side * 4), ((r * (side + gap) + y) * width + c * (side + gap)) * 4);
      }
    });
  });
  return { width, height, data };
}

export async function qualityAtSize(
  weights: VggWeights,
  images: { content: RgbaImage; style: RgbaImage },
  /** `long`: the first run's long side (512), painted again at twice it. */
  a: { iterations: number; memoryBudgetMB: number; long: number },
  log: (s: string) => void,
): Promise<{ report: QualityAtSizeReport; native: RgbaImage; upscaled: RgbaImage }> {
  const input = { content: images.content, styles: [{ image: images.style }] };
  const twice = a.long * 2;
  log(`quality at ${twice}: the ${a.long} px run, ${a.iterations} iterations…`);
  const r512 = await stylize(weights, input, { preset: "lite", size: a.long, workingSize: a.long, iterations: a.iterations, previewEvery: 0 });
  const fineIts = Math.max(1, Math.round(a.iterations / 2));
  log(`quality at ${twice}: the ${twice} px scale from the ${a.long} px result, ${fineIts} iterations…`);
  const r1024 = await stylize(
    weights,
    { ...input, init: r512.image },
    { preset: "lite", size: twice, workingSize: twice, iterations: fineIts, previewEvery: 0, memoryBudgetMB: a.memoryBudgetMB },
  );
  const { width: w, height: h } = r1024.image;
  const up = tf.tidy(() => resize(rgbaToRgbTensor(r512.image), h, w));
  const native = tf.tidy(() => rgbaToRgbTensor(r1024.image));
  const upscaled: RgbaImage = { width: w, height: h, data: await tf.browser.toPixels(tf.squeeze(up, [0]).cast("int32") as tf.Tensor3D) };
  const termsNative = styleTerms(weights, native, images.style);
  const termsUp = styleTerms(weights, up, images.style);
  tf.dispose([up, native]);
  const fine = (t: Record<string, number>) => FINE.reduce((s, l) => s + t[l], 0);
  const report: QualityAtSizeReport = {
    preset: "lite",
    size: [w, h],
    iterations: [a.iterations, fineIts],
    native: termsNative,
    upscaled: termsUp,
    fineRatio: +(fine(termsNative) / fine(termsUp)).toFixed(4),
    seconds: { first: +(r512.stats.elapsedMs / 1000).toFixed(1), fine: +(r1024.stats.elapsedMs / 1000).toFixed(1) },
  };
  return { report, native: r1024.image, upscaled };
}

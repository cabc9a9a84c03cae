/**
 * RGBA bytes ⇄ tensors. The network sees RGB in 0–255 composited over white (transparent areas
 * have no colour of their own; white is what an editor shows behind them); the output gets the
 * content's alpha back, so a cut-out stays a cut-out.
 */
import * as tf from "@tensorflow/tfjs-core";
import { resample } from "./resample";
import type { RgbaImage } from "./types";

/** [1, H, W, 3] float32 RGB 0–255, composited over white. */
export function rgbaToRgbTensor(img: RgbaImage): tf.Tensor4D {
  return tf.tidy(() => {
    const rgba = tf.cast(tf.tensor4d(Int32Array.from(img.data), [1, img.height, img.width, 4], "int32"), "float32");
    const [rgb, a] = tf.split(rgba, [3, 1], 3);
    const alpha = tf.div(a, 255);
    // over white: c·α + 255·(1−α)
    return tf.add(tf.mul(rgb, alpha), tf.mul(tf.sub(1, alpha), 255)) as tf.Tensor4D;
  });
}

/** [1, H, W, 1] alpha in 0–255. */
export function alphaTensor(img: RgbaImage): tf.Tensor4D {
  return tf.tidy(() => {
    const rgba = tf.cast(tf.tensor4d(Int32Array.from(img.data), [1, img.height, img.width, 4], "int32"), "float32");
    return tf.slice(rgba, [0, 0, 0, 3], [1, img.height, img.width, 1]) as tf.Tensor4D;
  });
}

/** Reads an RGB tensor (0–255, any float) back as RGBA bytes; alpha from `alpha` or opaque. */
export async function rgbTensorToRgba(rgb: tf.Tensor4D, alpha?: tf.Tensor4D): Promise<RgbaImage> {
  const [, h, w] = rgb.shape;
  const packed = tf.tidy(() => {
    const a = alpha ?? tf.fill([1, h, w, 1], 255);
    return tf.cast(tf.round(tf.clipByValue(tf.concat([rgb, a], 3), 0, 255)), "int32");
  });
  const values = await packed.data();
  packed.dispose();
  return { width: w, height: h, data: Uint8ClampedArray.from(values) };
}

/**
 * Resizes a 0–255 image [1,H,W,C] to (h, w) with the engine's one resampler (resample.ts),
 * clipped back to 0–255 (the cubic's small overshoot at hard edges is not a colour).
 */
export function resize(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(resample(x, h, w), 0, 255) as tf.Tensor4D);
}

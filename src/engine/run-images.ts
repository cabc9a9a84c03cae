/** The run's pictures read back from the device: a preview of the current iterate, and the final image at the output size. */
import * as tf from "@tensorflow/tfjs-core";
import { recombineColors } from "./color";
import { resize, rgbTensorToRgba } from "./pixels";
import type { RunSizes } from "./run-sizes";
import type { RgbaImage } from "./types";

/** The last scale's best iterate at the output size, its colours put back when preserving them; takes `x`. */
export async function finalImage(x: tf.Tensor4D, sizes: RunSizes, contentOut: tf.Tensor4D, alphaOut: tf.Tensor4D, preserveColors: boolean): Promise<RgbaImage> {
  const outRgb = tf.tidy(() => {
    const up = resize(x, sizes.out[1], sizes.out[0]);
    return preserveColors ? recombineColors(up, contentOut) : up;
  });
  x.dispose();
  try {
    return await rgbTensorToRgba(outRgb, alphaOut);
  } finally {
    outRgb.dispose();
  }
}

/** The current iterate as RGBA (async read: never blocks the loop's device queue). */
export async function preview(x: tf.Tensor4D, contentAt: tf.Tensor4D, preserveColors: boolean): Promise<RgbaImage> {
  const rgb = preserveColors ? recombineColors(x, contentAt) : x;
  try {
    return await rgbTensorToRgba(rgb);
  } finally {
    if (rgb !== x) rgb.dispose();
  }
}

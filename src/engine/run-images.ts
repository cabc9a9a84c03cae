/** The run's pictures read back: a preview of the current iterate, and the final image at the output size. */
import * as tf from "@tensorflow/tfjs-core";
import { recombineColors } from "./color";
import { hostRecombineColors, hostToRgba } from "./host-image";
import { resize, rgbTensorToRgba } from "./pixels";
import { isHostImage, type ScaleImage } from "./scale-image";
import type { RgbaImage } from "./types";

/** The last scale's best iterate at the output size (w, h), its colours put back when preserving them; takes `x`. */
export async function finalImage(
  x: tf.Tensor4D,
  out: [number, number],
  contentOut: tf.Tensor4D,
  alphaOut: tf.Tensor4D,
  preserveColors: boolean,
): Promise<RgbaImage> {
  const outRgb = tf.tidy(() => {
    const up = resize(x, out[1], out[0]);
    return preserveColors ? recombineColors(up, contentOut) : up;
  });
  x.dispose();
  try {
    return await rgbTensorToRgba(outRgb, alphaOut);
  } finally {
    outRgb.dispose();
  }
}

/**
 * The current iterate as RGBA (async read: never blocks the loop's device queue); with `colours`
 * (the content in its own colours, where `x` lives), x's luminance over their chrominance.
 */
export async function preview(x: ScaleImage, colours: ScaleImage | null): Promise<RgbaImage> {
  if (isHostImage(x)) return hostToRgba(colours && isHostImage(colours) ? hostRecombineColors(x, colours) : x);
  const rgb = colours && !isHostImage(colours) ? recombineColors(x, colours) : x;
  try {
    return await rgbTensorToRgba(rgb);
  } finally {
    if (rgb !== x) rgb.dispose();
  }
}

/** A scale's picture, on the device or on the host (host-image.ts), and the moves between the two. */
import * as tf from "@tensorflow/tfjs-core";
import type { HostImage } from "./host-image";

/** A tensor at device scales, a host picture at scales whose state lives on the host. */
export type ScaleImage = tf.Tensor4D | HostImage;

export function isHostImage(x: ScaleImage): x is HostImage {
  return !(x instanceof tf.Tensor);
}

/** A host picture as a [1, H, W, C] tensor (the caller disposes it). */
export function upload(img: HostImage): tf.Tensor4D {
  return tf.tensor4d(img.data, [1, img.height, img.width, img.channels]);
}

/** A tensor read back as a host picture (async: never blocks the device queue); takes it. */
export async function download(t: tf.Tensor4D): Promise<HostImage> {
  const [, height, width, channels] = t.shape;
  try {
    return { width, height, channels, data: (await t.data()) as Float32Array };
  } finally {
    t.dispose();
  }
}

/** Lets go of a scale's picture (a tensor is disposed; a host picture is the collector's). */
export function release(x: ScaleImage | null): void {
  if (x && !isHostImage(x)) x.dispose();
}

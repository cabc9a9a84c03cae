/** The image a scale's optimisation starts from. */
import * as tf from "@tensorflow/tfjs-core";
import { luminanceRgb } from "./color";
import { resize, rgbaToRgbTensor } from "./pixels";
import type { InitMode, RgbaImage } from "./types";

export interface InitialImageSources {
  /** The previous scale's best iterate (not taken: the caller still disposes it). */
  previous: tf.Tensor4D | null;
  /** A warm start: the run's `init` image. */
  warmStart?: RgbaImage;
  mode: InitMode;
  seed: number;
  preserveColors: boolean;
  /** The content as the network sees it, at this scale. */
  contentAt: tf.Tensor4D;
}

/**
 * RGB 0–255 at w × h, a new tensor for the caller: the previous scale's result upsampled, else the
 * warm start, else seeded noise or the content itself (the `init` option).
 */
export function initialImage(w: number, h: number, from: InitialImageSources): tf.Tensor4D {
  if (from.previous) return resize(from.previous, h, w);
  if (from.warmStart) {
    const warm = from.warmStart;
    return tf.tidy(() => {
      const rgb = rgbaToRgbTensor(warm);
      return resize(from.preserveColors ? luminanceRgb(rgb) : rgb, h, w);
    });
  }
  if (from.mode === "noise") return tf.randomUniform([1, h, w, 3], 0, 255, "float32", from.seed); // seed 0 is a seed like any other (alea("0"))
  return from.contentAt.clone();
}

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
  /**
   * The style(s) as the network sees them, with their weights: when given (and colours are not
   * preserved), the content start takes on their colour statistics.
   */
  styleColours?: ReadonlyArray<{ rgb: tf.Tensor4D; weight: number }>;
}

/**
 * The content with the styles' colour statistics: per channel, its mean and spread moved to the
 * styles' (weight-blended), clamped to 0–255. A start nearer the style's palette leaves the
 * optimiser less of the colour shift to make, which costs it many iterations from the raw content.
 */
export function withStyleColours(content: tf.Tensor4D, styles: ReadonlyArray<{ rgb: tf.Tensor4D; weight: number }>): tf.Tensor4D {
  return tf.tidy(() => {
    const total = styles.reduce((a, s) => a + s.weight, 0);
    const stats = (x: tf.Tensor4D) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return { mean, std: tf.sqrt(tf.add(variance, 1e-6)) };
    };
    const c = stats(content);
    let mean: tf.Tensor = tf.zeros([3]);
    let sq: tf.Tensor = tf.zeros([3]);
    for (const s of styles) {
      const st = stats(s.rgb);
      const w = s.weight / total;
      mean = tf.add(mean, tf.mul(st.mean, w));
      // Blend second moments, so a mix of two palettes has the spread of the mix.
      sq = tf.add(sq, tf.mul(tf.add(tf.square(st.std), tf.square(st.mean)), w));
    }
    const std = tf.sqrt(tf.maximum(tf.sub(sq, tf.square(mean)), 1e-6));
    const moved = tf.add(tf.mul(tf.div(tf.sub(content, c.mean), c.std), std), mean);
    return tf.clipByValue(moved, 0, 255) as tf.Tensor4D;
  });
}

/**
 * RGB 0–255 at w × h, a new tensor for the caller: the previous scale's result upsampled, else the
 * warm start, else seeded noise or the content (the `init` option), in the styles' colours when
 * those are given.
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
  if (from.mode === "noise") return tf.randomUniform([1, h, w, 3], 0, 255, "float32", from.seed || 1);
  const styles = from.styleColours?.filter((s) => s.weight > 0) ?? [];
  if (styles.length && !from.preserveColors) return withStyleColours(from.contentAt, styles);
  return from.contentAt.clone();
}

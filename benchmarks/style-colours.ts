/**
 * A lever bench:levers measures and the engine does not ship (it won on one pair and lost on the
 * other: README, "What the default run is, and why"): the content with the styles' colour
 * statistics as the first scale's start.
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * The content with the styles' colour statistics: per channel, its mean and spread moved to the
 * styles' (weight-blended), clamped to 0–255. A start nearer the style's palette leaves the
 * optimiser less of the colour shift to make.
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


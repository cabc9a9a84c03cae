/**
 * "Preserve original colours" by luminance-only transfer (Gatys et al. 2016, arXiv 1606.05897):
 * the network sees luminance only (style luminance matched to the content's mean and spread),
 * and the result's luminance is recombined with the content's chrominance (YIQ).
 */
import * as tf from "@tensorflow/tfjs-core";

/** RGB → YIQ (rows Y, I, Q); host-image.ts applies the same matrices on the host. */
export const RGB_TO_YIQ = [
  [0.299, 0.587, 0.114],
  [0.595716, -0.274453, -0.321263],
  [0.211456, -0.522591, 0.311135],
];

export const YIQ_TO_RGB = invert3(RGB_TO_YIQ);

function yiq(rgb: tf.Tensor4D): tf.Tensor4D {
  // [1,H,W,3] · Mᵀ
  return tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(rgb, [-1, 3]), tf.tensor2d(RGB_TO_YIQ), false, true), rgb.shape) as tf.Tensor4D);
}

function rgbFromYiq(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    return tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), tf.tensor2d(YIQ_TO_RGB), false, true), x.shape) as tf.Tensor4D;
  });
}

function invert3(a: number[][]): number[][] {
  const [[a0, a1, a2], [b0, b1, b2], [c0, c1, c2]] = a;
  const det = a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0);
  return [
    [(b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det, (a1 * b2 - a2 * b1) / det],
    [(b2 * c0 - b0 * c2) / det, (a0 * c2 - a2 * c0) / det, (a2 * b0 - a0 * b2) / det],
    [(b0 * c1 - b1 * c0) / det, (a1 * c0 - a0 * c1) / det, (a0 * b1 - a1 * b0) / det],
  ];
}

/** Luminance as a grey RGB image [1,H,W,3]. */
export function luminanceRgb(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const y = tf.slice(yiq(rgb), [0, 0, 0, 0], [1, rgb.shape[1], rgb.shape[2], 1]);
    return tf.tile(y, [1, 1, 1, 3]) as tf.Tensor4D;
  });
}

/**
 * Style luminance shifted and scaled to the content luminance's mean and standard deviation (the
 * content's grey picture, or its moments where the content lives on the host).
 */
export function matchLuminance(styleGrey: tf.Tensor4D, content: tf.Tensor4D | { mean: number; variance: number }): tf.Tensor4D {
  return tf.tidy(() => {
    const s = tf.moments(styleGrey);
    const c = content instanceof tf.Tensor ? tf.moments(content) : { mean: tf.scalar(content.mean), variance: tf.scalar(content.variance) };
    const scale = tf.div(tf.sqrt(c.variance), tf.add(tf.sqrt(s.variance), 1e-6));
    return tf.clipByValue(tf.add(tf.mul(tf.sub(styleGrey, s.mean), scale), c.mean), 0, 255) as tf.Tensor4D;
  });
}

/** Luminance of `result` with the chrominance (I, Q) of `content`; same size. */
export function recombineColors(result: tf.Tensor4D, content: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = result.shape;
    const y = tf.slice(yiq(result), [0, 0, 0, 0], [1, h, w, 1]);
    const iq = tf.slice(yiq(content), [0, 0, 0, 1], [1, h, w, 2]);
    return tf.clipByValue(rgbFromYiq(tf.concat([y, iq], 3) as tf.Tensor4D), 0, 255) as tf.Tensor4D;
  });
}

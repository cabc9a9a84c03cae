/**
 * The Gatys losses as pure tensor functions.
 *
 * Normalisation (used everywhere): for activations F of C channels over N = H·W positions,
 *   G = Fᵀ·F / (C·N)            (C×C; entry (i,j) = Σ_n F_ni·F_nj / (C·N))
 *   style   = Σ_l w_l · mean((G_l − A_l)²)
 *   content = mean((F − P)²)
 *   tv      = mean of squared differences between horizontal and vertical neighbours
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Gram matrix of [1,H,W,C] activations, normalised by C·H·W, with a hand-written gradient:
 * dL/dF = F·(dG + dGᵀ)/(C·N) is one matmul where autodiff of Fᵀ·F makes two, and an explicit
 * transpose avoids the wasm backend's slow transposed-operand matmul path (README, Performance).
 */
const gramOf = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const m = args[0] as tf.Tensor2D; // [N, C]
  const save = args[1] as tf.GradSaveFunc;
  const [n, c] = m.shape;
  const norm = 1 / (c * n);
  save([m]);
  return {
    value: tf.mul(tf.matMul(tf.transpose(m), m), norm) as tf.Tensor2D,
    gradFunc: (dg: tf.Tensor2D, saved: tf.Tensor[]) => tf.mul(tf.matMul(saved[0] as tf.Tensor2D, tf.add(dg, tf.transpose(dg))), norm),
  };
}) as (m: tf.Tensor2D) => tf.Tensor2D;

export function gram(f: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const [, h, w, c] = f.shape;
    return gramOf(tf.reshape(f, [h * w, c]));
  });
}

export function contentLoss(f: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.squaredDifference(f, target)) as tf.Scalar;
}

export function gramLoss(g: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.squaredDifference(g, target)) as tf.Scalar;
}

/** One layer's style term: w · mean((gram(F) − A)²). */
export function styleTerm(f: tf.Tensor4D, target: tf.Tensor2D, weight: number): tf.Scalar {
  return tf.tidy(() => tf.mul(gramLoss(gram(f), target), weight) as tf.Scalar);
}

/** Σ_l w_l · mean((gram(F_l) − A_l)²) over the given layers. */
export function styleLoss(features: Record<string, tf.Tensor4D>, targets: Record<string, tf.Tensor2D>, layerWeights: Record<string, number>): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    for (const [name, w] of Object.entries(layerWeights)) {
      if (w === 0) continue;
      total = tf.add(total, styleTerm(features[name], targets[name], w)) as tf.Scalar;
    }
    return total;
  });
}

export function totalVariation(x: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const [, h, w, c] = x.shape;
    const dy = h > 1 ? tf.sub(tf.slice(x, [0, 1, 0, 0], [1, h - 1, w, c]), tf.slice(x, [0, 0, 0, 0], [1, h - 1, w, c])) : null;
    const dx = w > 1 ? tf.sub(tf.slice(x, [0, 0, 1, 0], [1, h, w - 1, c]), tf.slice(x, [0, 0, 0, 0], [1, h, w - 1, c])) : null;
    const terms = [dy, dx].filter((t): t is tf.Tensor4D => t !== null).map((t) => tf.mean(tf.square(t)));
    return (terms.length ? tf.addN(terms) : tf.scalar(0)) as tf.Scalar;
  });
}

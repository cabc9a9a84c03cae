/**
 * The Gatys objective at one scale: content + ratio·style + tv, with targets computed once.
 * Returns f(x) and ∇f(x) for the optimisers; weights are frozen, only pixels get gradients.
 */
import * as tf from "@tensorflow/tfjs-core";
import { contentLoss, gram, styleLoss, totalVariation } from "./losses";
import type { Evaluation, Objective } from "./optimizers/optimizer";
import type { Vgg19 } from "./vgg19";

export interface ObjectiveSpec {
  styleLayers: Record<string, number>;
  contentLayer: string;
  /** style weight / content weight. */
  ratio: number;
  tvWeight: number;
}

export interface StyleTarget {
  /** RGB 0–255 [1,H,W,3] at the size the style should be seen at. */
  rgb: tf.Tensor4D;
  /** Blend weight; normalised over all styles. */
  weight: number;
}

/** Blended Gram targets: Σ_k b_k · gram(F_k) per layer (b normalised to sum to 1). */
export function styleGrams(net: Vgg19, styles: readonly StyleTarget[], layers: readonly string[]): Record<string, tf.Tensor2D> {
  return tf.tidy(() => {
    const total = styles.reduce((a, s) => a + s.weight, 0);
    const out: Record<string, tf.Tensor2D> = {};
    for (const s of styles) {
      if (s.weight === 0) continue;
      const f = net.features(s.rgb);
      for (const l of layers) {
        const g = tf.mul(gram(f[l]), s.weight / total) as tf.Tensor2D;
        out[l] = out[l] ? (tf.add(out[l], g) as tf.Tensor2D) : g;
      }
    }
    return out;
  });
}

export interface ScaleObjective {
  evaluate: Objective;
  dispose(): void;
}

/** `content` is the RGB content at this scale; `grams` are kept by the caller (shared across scales when sizes allow). */
export function createObjective(net: Vgg19, content: tf.Tensor4D, grams: Record<string, tf.Tensor2D>, spec: ObjectiveSpec): ScaleObjective {
  const contentTarget = tf.tidy(() => net.features(content)[spec.contentLayer]);
  const activeStyle = Object.fromEntries(Object.entries(spec.styleLayers).filter(([, w]) => w > 0));
  let parts: tf.Tensor1D | null = null;
  const lossOf = (x: tf.Tensor): tf.Scalar => {
    const f = net.features(x as tf.Tensor4D);
    const c = contentLoss(f[spec.contentLayer], contentTarget);
    const s = tf.mul(styleLoss(f, grams, activeStyle), spec.ratio) as tf.Scalar;
    const t = tf.mul(totalVariation(x as tf.Tensor4D), spec.tvWeight) as tf.Scalar;
    parts = tf.keep(tf.stack([c, s, t]) as tf.Tensor1D);
    return tf.addN([c, s, t]) as tf.Scalar;
  };
  const valueAndGrad = tf.valueAndGrad(lossOf);
  return {
    evaluate(x): Evaluation {
      const { value, grad } = tf.tidy(() => valueAndGrad(x));
      const p = parts!;
      parts = null;
      return { loss: value, parts: p, grad: grad as tf.Tensor4D };
    },
    dispose() {
      contentTarget.dispose();
    },
  };
}

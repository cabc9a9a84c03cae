/**
 * The Gatys objective at one scale: content + ratio·style + tv, with targets computed once.
 * Returns f(x) and ∇f(x) for the optimisers; weights are frozen, only pixels get gradients.
 */
import * as tf from "@tensorflow/tfjs-core";
import { contentLoss, gram, styleTerm, totalVariation } from "./losses";
import { LOSS_TERMS, type Evaluation, type LossTerm, type Objective } from "./optimizers/optimizer";
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

/** One style picture's Gram matrix per layer (the caller disposes them). */
export type GramsOf = (rgb: tf.Tensor4D, layers: readonly string[]) => Promise<Record<string, tf.Tensor2D>>;

/** Grams from one forward pass over the whole picture, awaiting `pause` between the network's layers. */
export function wholeGrams(net: Vgg19, pause: () => Promise<void>): GramsOf {
  return async (rgb, layers) => {
    const f = await net.featuresPaced(rgb, pause);
    try {
      return tf.tidy(() => Object.fromEntries(layers.map((l) => [l, gram(f[l])])));
    } finally {
      tf.dispose(Object.values(f));
    }
  };
}

/**
 * Blended Gram targets: Σ_k b_k · gram(F_k) per layer (b normalised to sum to 1), each style's
 * Grams from `gramsOf` (one forward pass by default); the caller keeps the result.
 */
export async function styleGramsPaced(
  net: Vgg19,
  styles: readonly StyleTarget[],
  layers: readonly string[],
  pause: () => Promise<void>,
  gramsOf: GramsOf = wholeGrams(net, pause),
): Promise<Record<string, tf.Tensor2D>> {
  const total = styles.reduce((a, s) => a + s.weight, 0);
  let out: Record<string, tf.Tensor2D> = {};
  try {
    for (const s of styles) {
      if (s.weight === 0) continue;
      const g = await gramsOf(s.rgb, layers);
      try {
        const next = tf.tidy(() => {
          const sum: Record<string, tf.Tensor2D> = {};
          for (const l of layers) {
            const weighted = tf.mul(g[l], s.weight / total) as tf.Tensor2D;
            sum[l] = out[l] ? (tf.add(out[l], weighted) as tf.Tensor2D) : weighted;
          }
          return sum;
        });
        tf.dispose(Object.values(out));
        out = next;
      } finally {
        tf.dispose(Object.values(g));
      }
    }
    return out;
  } catch (e) {
    tf.dispose(Object.values(out));
    throw e;
  }
}

export interface ScaleObjective {
  /** Paced: awaits `pause` between the network's layers. */
  evaluate: Objective;
  dispose(): void;
}

/**
 * `content` is the RGB content at this scale; `grams` are kept by the caller (shared across scales
 * when sizes allow). `pause` is awaited between the network's layers (see yield.ts), in the content
 * target's forward pass too.
 */
export async function createObjectivePaced(
  net: Vgg19,
  content: tf.Tensor4D,
  grams: Record<string, tf.Tensor2D>,
  spec: ObjectiveSpec,
  pause: () => Promise<void>,
): Promise<ScaleObjective> {
  const f = await net.featuresPaced(content, pause);
  const target = f[spec.contentLayer];
  tf.dispose(Object.values(f).filter((t) => t !== target));
  return objectiveFor(net, target, grams, spec, pause);
}

/** The objective around a content target it takes ownership of. */
function objectiveFor(
  net: Vgg19,
  contentTarget: tf.Tensor4D,
  grams: Record<string, tf.Tensor2D>,
  spec: ObjectiveSpec,
  pause: () => Promise<void>,
): ScaleObjective {
  const activeStyle = Object.entries(spec.styleLayers).filter(([, w]) => w > 0);
  // Each tap's terms as functions of that tap's activations, each differentiated on its own small tape.
  type Term = { part: LossTerm; valueAndGrad: (f: tf.Tensor4D) => { value: tf.Scalar; grad: tf.Tensor } };
  const termsAt = new Map<string, Term[]>();
  const add = (tap: string, part: LossTerm, loss: (f: tf.Tensor4D) => tf.Scalar) =>
    termsAt.set(tap, [...(termsAt.get(tap) ?? []), { part, valueAndGrad: tf.valueAndGrad(loss) }]);
  add(spec.contentLayer, "content", (f) => contentLoss(f, contentTarget));
  for (const [layer, w] of activeStyle) add(layer, "style", (f) => styleTerm(f, grams[layer], w * spec.ratio));
  const tv = tf.valueAndGrad((x: tf.Tensor4D) => tf.mul(totalVariation(x), spec.tvWeight) as tf.Scalar);

  const seed = (tap: string, f: tf.Tensor4D): tf.Tensor4D | null => {
    const terms = termsAt.get(tap);
    if (!terms) return null;
    return tf.tidy(() => {
      const grads = terms.map(({ part, valueAndGrad }) => {
        const { value, grad } = valueAndGrad(f);
        values[part].push(tf.keep(value));
        return grad as tf.Tensor4D;
      });
      return grads.length === 1 ? grads[0] : (tf.addN(grads) as tf.Tensor4D);
    });
  };
  // Each term's values in the evaluation under way.
  type TermValues = Record<LossTerm, tf.Scalar[]>;
  const noValues = (): TermValues => ({ content: [], style: [], tv: [] });
  let values = noValues();
  const allValues = (v: TermValues) => LOSS_TERMS.flatMap((k) => v[k]);

  /** loss, parts and the full gradient from the network's gradient dNet (which it does not take). */
  const finish = (x: tf.Tensor4D, mine: TermValues, dNet: tf.Tensor4D): Evaluation =>
    tf.tidy(() => {
      const sum = (vs: tf.Scalar[]) => (vs.length ? tf.addN(vs) : tf.scalar(0)) as tf.Scalar;
      let grad = dNet.clone();
      if (spec.tvWeight > 0) {
        const t = tv(x);
        mine.tv.push(tf.keep(t.value));
        grad = tf.add(grad, t.grad) as tf.Tensor4D;
      }
      const parts = tf.stack(LOSS_TERMS.map((k) => sum(mine[k]))) as tf.Tensor1D;
      return { loss: tf.sum(parts) as tf.Scalar, parts, grad };
    });

  return {
    async evaluate(x): Promise<Evaluation> {
      const mine = (values = noValues());
      let dNet: tf.Tensor4D | null = null;
      try {
        dNet = await net.inputGradientPaced(x, seed, pause);
        return finish(x, mine, dNet);
      } finally {
        dNet?.dispose();
        tf.dispose(allValues(mine));
      }
    },
    dispose() {
      contentTarget.dispose();
    },
  };
}

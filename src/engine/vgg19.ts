/**
 * VGG19 forward pass to the requested taps only: the network stops at the deepest layer asked
 * for, so the lite preset never touches blocks 4–5 and the full one never computes past conv5_1.
 * The passes themselves are in vgg19-passes.ts.
 */
import * as tf from "@tensorflow/tfjs-core";
import { RestyleError } from "./errors";
import { convStrategyFor, frozenConvRelu, type ConvStrategy, type FrozenConv } from "./conv";
import { truncatedNetwork, type NetworkLayer } from "./layers";
import type { Pooling } from "./types";
import type { VggWeights } from "./vgg-weights";
import { checkUsableWeights } from "./check-usable";
import { backwardPass, forwardPass, runPaced, runToEnd, type BuiltNetwork, type GradientSeed, type TapWatch } from "./vgg19-passes";

export { preprocess, type GradientSeed, type TapWatch } from "./vgg19-passes";

export interface Vgg19 {
  readonly taps: readonly string[];
  /** RGB 0–255 [1,H,W,3] → activations at the taps (post-ReLU). No gradient. */
  features(rgb: tf.Tensor4D): Record<string, tf.Tensor4D>;
  /** Activations at some of the taps only; the pass stops at the deepest of them. No gradient. */
  featuresAt(rgb: tf.Tensor4D, layers: readonly string[]): Record<string, tf.Tensor4D>;
  /** The same, awaiting `pause()` between layers. */
  featuresPaced(rgb: tf.Tensor4D, pause: () => Promise<void>): Promise<Record<string, tf.Tensor4D>>;
  /**
   * The gradient of a loss on the taps with respect to the RGB input. `seed(tap, f)` returns
   * dLoss/df for the activation f at a tap (or null; the pass takes ownership of it), and is called
   * as the backward pass reaches that tap, deepest first; f is valid only during the call.
   * `watch`, if given, sees each tap's activation during the forward pass, before any seed is asked for.
   * Returns [1,H,W,3]; the caller disposes it.
   */
  inputGradient(rgb: tf.Tensor4D, seed: GradientSeed, watch?: TapWatch): tf.Tensor4D;
  /**
   * The same, awaiting `pause()` between layers (a long pass gives the event loop turns; a pause
   * that throws, e.g. on abort, ends the pass with nothing leaked).
   */
  inputGradientPaced(rgb: tf.Tensor4D, seed: GradientSeed, pause: () => Promise<void>, watch?: TapWatch): Promise<tf.Tensor4D>;
  dispose(): void;
}

export interface Vgg19Options {
  pooling?: Pooling;
  /** Conv paths; by default the active backend's (convStrategyFor). */
  conv?: ConvStrategy;
}

/** Builds the truncated network once (rotated gradient kernels included) for repeated use. */
export function createVgg19(weights: VggWeights, taps: readonly string[], opts: Vgg19Options = {}): Vgg19 {
  const network = truncatedNetwork(taps);
  checkUsableWeights(
    weights,
    network.map((n) => n.layer),
  );
  const missing = network.filter(({ layer }) => !weights.has(layer.name)).map(({ layer }) => layer.name);
  if (missing.length) {
    throw new RestyleError(
      "weights-missing",
      `These weights do not include ${missing.join(", ")}; load the full VGG19 weights or choose the Lite quality.`,
      `missing ${missing.join(",")}`,
    );
  }
  const strategy = opts.conv ?? convStrategyFor(tf.getBackend());
  const convs: Array<NetworkLayer & { conv: FrozenConv }> = network.map(({ layer, pooled }) => {
    const w = weights.get(layer.name);
    return { layer, pooled, conv: frozenConvRelu(w.kernel, w.bias, strategy) };
  });
  const pool = (x: tf.Tensor4D) => (opts.pooling === "avg" ? tf.avgPool(x, 2, 2, "valid") : tf.maxPool(x, 2, 2, "valid"));
  // tfjs's own pool gradient, on a one-op tape (recomputing a 2×2 pool costs next to nothing).
  const poolGrad = tf.grad((x: tf.Tensor) => pool(x as tf.Tensor4D)) as (x: tf.Tensor4D, dy: tf.Tensor4D) => tf.Tensor4D;
  const built: BuiltNetwork = { convs, pool, poolGrad, wanted: new Set(taps) };

  return {
    taps,
    features: (rgb) => runToEnd(forwardPass(built, rgb)),
    featuresAt: (rgb, layers) => runToEnd(forwardPass(built, rgb, new Set(layers))),
    featuresPaced: (rgb, pause) => runPaced(forwardPass(built, rgb), pause),
    inputGradient: (rgb, seed, watch) => runToEnd(backwardPass(built, rgb, seed, watch)),
    inputGradientPaced: (rgb, seed, pause, watch) => runPaced(backwardPass(built, rgb, seed, watch), pause),
    dispose() {
      for (const c of convs) c.conv.dispose();
    },
  };
}

/** One-shot feature extraction (tests, quantisation checks). Caller disposes the result. */
export function extractFeatures(weights: VggWeights, rgb: tf.Tensor4D, taps: string[], pooling: Pooling = "max"): Record<string, tf.Tensor4D> {
  const net = createVgg19(weights, taps, { pooling });
  try {
    return net.features(rgb);
  } finally {
    net.dispose();
  }
}

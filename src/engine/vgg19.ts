/**
 * VGG19 forward pass to the requested taps only: the network stops at the deepest layer asked
 * for, so the lite preset never touches blocks 4–5 and the full one never computes past conv5_1.
 */
import * as tf from "@tensorflow/tfjs-core";
import { VGG_MEAN_BGR } from "./defaults";
import { RestyleError } from "./errors";
import { convStrategyFor, frozenConvRelu, type ConvStrategy, type FrozenConv } from "./conv";
import { truncatedNetwork, type NetworkLayer } from "./layers";
import type { Pooling } from "./types";
import type { VggWeights } from "./weights/vgg-weights";

/** RGB 0–255 → Keras "caffe" input: BGR, minus the ImageNet mean. */
export function preprocess(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const bgr = tf.reverse(rgb, 3);
    return tf.sub(bgr, tf.tensor1d([...VGG_MEAN_BGR])) as tf.Tensor4D;
  });
}

/** dLoss/df for the activation f at a tap, or null (see Vgg19.inputGradient). */
export type GradientSeed = (tap: string, f: tf.Tensor4D) => tf.Tensor4D | null;

export interface Vgg19 {
  readonly taps: readonly string[];
  /** RGB 0–255 [1,H,W,3] → activations at the taps (post-ReLU). No gradient. */
  features(rgb: tf.Tensor4D): Record<string, tf.Tensor4D>;
  /** The same, awaiting `pause()` between layers. */
  featuresPaced(rgb: tf.Tensor4D, pause: () => Promise<void>): Promise<Record<string, tf.Tensor4D>>;
  /**
   * The gradient of a loss on the taps with respect to the RGB input. `seed(tap, f)` returns
   * dLoss/df for the activation f at a tap (or null; the pass takes ownership of it), and is called
   * as the backward pass reaches that tap, deepest first; f is valid only during the call.
   * Returns [1,H,W,3]; the caller disposes it.
   */
  inputGradient(rgb: tf.Tensor4D, seed: GradientSeed): tf.Tensor4D;
  /**
   * The same, awaiting `pause()` between layers (a long pass gives the event loop turns; a pause
   * that throws, e.g. on abort, ends the pass with nothing leaked).
   */
  inputGradientPaced(rgb: tf.Tensor4D, seed: GradientSeed, pause: () => Promise<void>): Promise<tf.Tensor4D>;
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
  const wanted = new Set(taps);

  /**
   * Why not tf.grad over the whole network: tfjs's tape keeps every activation and every
   * intermediate gradient alive until the backward pass ends, about twice the activations.
   * Walking the layers by hand frees each conv output once its gradient has passed, so the peak is
   * the activations of one forward pass plus a few tensors of the current layer's size.
   */
  function* backwardPass(rgb: tf.Tensor4D, seed: GradientSeed): Generator<void, tf.Tensor4D, void> {
    const outs: tf.Tensor4D[] = []; // each conv's output: its ReLU mask and its pool's input
    let g: tf.Tensor4D | null = null; // dLoss/d(input of the layer above)
    let x: tf.Tensor4D | null = null; // the forward pass's current input
    try {
      x = preprocess(rgb);
      for (const { conv, pooled } of convs) {
        const y = conv.forward(x);
        x.dispose(); // the conv's gradient needs only its output, the pool's only its input
        x = null;
        outs.push(y);
        x = pooled ? pool(y) : y.clone();
        yield; // a point where the caller may pause
      }
      x.dispose();
      x = null;
      for (let i = convs.length - 1; i >= 0; i--) {
        const { layer, conv, pooled } = convs[i];
        const y = outs[i];
        if (g && pooled) g = replace(g, poolGrad(y, g));
        const s = wanted.has(layer.name) ? seed(layer.name, y) : null;
        if (s) g = g ? replace(g, tf.add(g, s) as tf.Tensor4D, s) : s;
        if (g) {
          const dy = g;
          g = null; // backward frees it
          g = conv.backward(dy, y);
        }
        outs.pop()!.dispose();
        yield;
      }
      const dPre = g ?? tf.zerosLike(rgb);
      g = null;
      // preprocess is a channel flip minus a constant: its gradient is the flip.
      return replace(dPre, tf.reverse(dPre, 3) as tf.Tensor4D);
    } finally {
      tf.dispose(outs);
      g?.dispose();
      x?.dispose();
    }
  }

  /** The forward pass layer by layer (a point to pause after each); only the taps' activations are kept. */
  function* forwardPass(rgb: tf.Tensor4D): Generator<void, Record<string, tf.Tensor4D>, void> {
    const out: Record<string, tf.Tensor4D> = {};
    let x: tf.Tensor4D | null = null;
    let complete = false;
    try {
      x = preprocess(rgb);
      for (const { layer, conv, pooled } of convs) {
        const y = conv.forward(x);
        x.dispose();
        x = null;
        const tapped = wanted.has(layer.name);
        if (tapped) out[layer.name] = y;
        x = pooled ? pool(y) : tapped ? y.clone() : y;
        if (pooled && !tapped) y.dispose();
        yield;
      }
      complete = true;
      return out;
    } finally {
      x?.dispose();
      if (!complete) tf.dispose(Object.values(out));
    }
  }

  const inputGradient = (rgb: tf.Tensor4D, seed: GradientSeed) => runToEnd(backwardPass(rgb, seed));
  const inputGradientPaced = (rgb: tf.Tensor4D, seed: GradientSeed, pause: () => Promise<void>) => runPaced(backwardPass(rgb, seed), pause);

  return {
    taps,
    features: (rgb) => runToEnd(forwardPass(rgb)),
    featuresPaced: (rgb, pause) => runPaced(forwardPass(rgb), pause),
    inputGradient,
    inputGradientPaced,
    dispose() {
      for (const c of convs) c.conv.dispose();
    },
  };
}

/** Runs a layer-by-layer pass to its end in one go. */
export function runToEnd<T>(pass: Generator<void, T, void>): T {
  let r = pass.next();
  while (!r.done) r = pass.next();
  return r.value;
}

/** Runs a pass awaiting `pause()` between its layers; a pause that throws ends the pass with its tensors freed. */
export async function runPaced<T>(pass: Generator<void, T, void>, pause: () => Promise<void>): Promise<T> {
  let r = pass.next();
  try {
    while (!r.done) {
      await pause();
      r = pass.next();
    }
  } catch (e) {
    pass.return(undefined as never); // runs the pass's finally: frees what it holds
    throw e;
  }
  return r.value;
}

/** Returns `next` after disposing the tensors it replaces. */
function replace<T extends tf.Tensor>(old: tf.Tensor, next: T, ...alsoDispose: tf.Tensor[]): T {
  old.dispose();
  for (const t of alsoDispose) t.dispose();
  return next;
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

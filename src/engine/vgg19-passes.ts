/**
 * VGG19's passes, layer by layer as generators (a point to pause after each layer): the forward
 * pass to the taps, and the backward pass from gradients seeded at the taps to the RGB input.
 */
import * as tf from "@tensorflow/tfjs-core";
import { VGG_MEAN_BGR } from "./defaults";
import type { FrozenConv } from "./conv";
import type { NetworkLayer } from "./layers";

/** RGB 0–255 → Keras "caffe" input: BGR, minus the ImageNet mean. */
export function preprocess(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const bgr = tf.reverse(rgb, 3);
    return tf.sub(bgr, tf.tensor1d([...VGG_MEAN_BGR])) as tf.Tensor4D;
  });
}

/** dLoss/df for the activation f at a tap, or null (see Vgg19.inputGradient). */
export type GradientSeed = (tap: string, f: tf.Tensor4D) => tf.Tensor4D | null;

/** Sees each tap's activation as the forward pass makes it, before the backward pass asks for any seed; f is valid only during the call. */
export type TapWatch = (tap: string, f: tf.Tensor4D) => void;

/** The truncated network, built once: its convs in order, the pooling and its gradient, the tapped layers. */
export interface BuiltNetwork {
  convs: ReadonlyArray<NetworkLayer & { conv: FrozenConv }>;
  pool(x: tf.Tensor4D): tf.Tensor4D;
  poolGrad(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D;
  wanted: ReadonlySet<string>;
}

/**
 * Why not tf.grad over the whole network: tfjs's tape keeps every activation and every
 * intermediate gradient alive until the backward pass ends, about twice the activations.
 * Walking the layers by hand frees each conv output once its gradient has passed, so the peak is
 * the activations of one forward pass plus a few tensors of the current layer's size.
 */
export function* backwardPass(net: BuiltNetwork, rgb: tf.Tensor4D, seed: GradientSeed, watch?: TapWatch): Generator<void, tf.Tensor4D, void> {
  const { convs, pool, poolGrad, wanted } = net;
  const outs: tf.Tensor4D[] = []; // each conv's output: its ReLU mask and its pool's input
  let g: tf.Tensor4D | null = null; // dLoss/d(input of the layer above)
  let x: tf.Tensor4D | null = null; // the forward pass's current input
  try {
    x = preprocess(rgb);
    for (const { layer, conv, pooled } of convs) {
      const y = conv.forward(x);
      x.dispose(); // the conv's gradient needs only its output, the pool's only its input
      x = null;
      outs.push(y);
      if (watch && wanted.has(layer.name)) watch(layer.name, y);
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

/**
 * The forward pass layer by layer (a point to pause after each); only the activations of `wanted`
 * (by default the taps) are kept, and the pass stops at the deepest of them.
 */
export function* forwardPass(
  net: BuiltNetwork,
  rgb: tf.Tensor4D,
  wanted: ReadonlySet<string> = net.wanted,
): Generator<void, Record<string, tf.Tensor4D>, void> {
  const { convs, pool } = net;
  const out: Record<string, tf.Tensor4D> = {};
  let x: tf.Tensor4D | null = null;
  let complete = false;
  try {
    x = preprocess(rgb);
    let left = wanted.size;
    for (const { layer, conv, pooled } of convs) {
      const y = conv.forward(x);
      x.dispose();
      x = null;
      const tapped = wanted.has(layer.name);
      if (tapped) out[layer.name] = y;
      if (tapped && --left === 0) break;
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

/** Runs a layer-by-layer pass to its end in one go. */
export function runToEnd<T>(pass: Generator<void, T, void>): T {
  let r = pass.next();
  while (!r.done) r = pass.next();
  return r.value;
}

/**
 * Runs a pass awaiting `pause()` between its layers; a pause that throws ends the pass with its tensors freed.
 * A pass may yield a tensor it has just made: the run then reads it first, which waits until the device
 * has done all the work queued so far. WebGL and WebGPU queue work without bound, and Chromium's GPU
 * process keeps every texture freed meanwhile until that work is done: a tiled evaluation with no read
 * in it grew the GPU process past 15 GB at 1024 px on SwiftShader and lost it.
 */
export async function runPaced<T>(pass: Generator<tf.Tensor | void, T, void>, pause: () => Promise<void>): Promise<T> {
  let r = pass.next();
  try {
    while (!r.done) {
      if (r.value) await r.value.data();
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

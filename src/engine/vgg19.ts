/**
 * VGG19 forward pass to the requested taps only: the network stops at the deepest layer asked
 * for, so the lite preset never touches blocks 4–5 and the full one never computes past conv5_1.
 */
import * as tf from "@tensorflow/tfjs-core";
import { VGG_MEAN_BGR } from "./defaults";
import { RestyleError } from "./errors";
import { frozenConvRelu, type FrozenConv } from "./conv";
import { layersUpTo, type ConvLayer } from "./layers";
import type { Pooling } from "./types";
import type { VggWeights } from "./weights/vgg-weights";

/** RGB 0–255 → Keras "caffe" input: BGR, minus the ImageNet mean. */
export function preprocess(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const bgr = tf.reverse(rgb, 3);
    return tf.sub(bgr, tf.tensor1d([...VGG_MEAN_BGR])) as tf.Tensor4D;
  });
}

export interface Vgg19 {
  readonly taps: readonly string[];
  /** RGB 0–255 [1,H,W,3] → activations at the taps (post-ReLU). */
  features(rgb: tf.Tensor4D): Record<string, tf.Tensor4D>;
  dispose(): void;
}

export interface Vgg19Options {
  pooling?: Pooling;
  fastGrad?: boolean;
}

/** Builds the truncated network once (rotated gradient kernels included) for repeated use. */
export function createVgg19(weights: VggWeights, taps: readonly string[], opts: Vgg19Options = {}): Vgg19 {
  const layers = layersUpTo(taps);
  const missing = layers.filter((l) => !weights.has(l.name)).map((l) => l.name);
  if (missing.length) {
    throw new RestyleError(
      "weights-missing",
      `These weights do not include ${missing.join(", ")}; load the full VGG19 weights or choose the Lite quality.`,
      `missing ${missing.join(",")}`,
    );
  }
  const convs: Array<{ layer: ConvLayer; conv: { apply: FrozenConv; dispose(): void } }> = layers.map((layer) => {
    const w = weights.get(layer.name);
    return { layer, conv: frozenConvRelu(w.kernel, w.bias, { fastGrad: opts.fastGrad }) };
  });
  const pool = opts.pooling === "avg" ? tf.avgPool : tf.maxPool;
  const wanted = new Set(taps);
  return {
    taps,
    features(rgb) {
      const out: Record<string, tf.Tensor4D> = {};
      let x = preprocess(rgb);
      for (const { layer, conv } of convs) {
        x = conv.apply(x);
        if (wanted.has(layer.name)) out[layer.name] = x;
        // No pool after the deepest tap: nothing uses it.
        if (layer.poolAfter && layer !== convs[convs.length - 1].layer) x = pool(x, 2, 2, "valid");
      }
      return out;
    },
    dispose() {
      for (const c of convs) c.conv.dispose();
    },
  };
}

/** One-shot feature extraction (tests, quantisation checks). Caller disposes the result. */
export function extractFeatures(weights: VggWeights, rgb: tf.Tensor4D, taps: string[], pooling: Pooling = "max"): Record<string, tf.Tensor4D> {
  const net = createVgg19(weights, taps, { pooling, fastGrad: false });
  try {
    return tf.tidy(() => net.features(rgb));
  } finally {
    net.dispose();
  }
}

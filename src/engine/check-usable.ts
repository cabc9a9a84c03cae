/**
 * The weights a run is about to use, checked before the network is built: a disposed or malformed
 * set fails with a sentence (a RestyleError), not a raw TypeError from deep inside tfjs.
 */
import * as tf from "@tensorflow/tfjs-core";
import { describeValue } from "./describe-value";
import { RestyleError } from "./errors";
import { kernelShape, type ConvLayer } from "./layers";
import type { VggWeights } from "./vgg-weights";

const sameShape = (t: tf.Tensor, shape: readonly number[]) => t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);

export function checkUsableWeights(weights: unknown, layers: readonly ConvLayer[]): asserts weights is VggWeights {
  const w = weights as Partial<VggWeights> | null;
  if (!w || typeof w !== "object" || typeof w.has !== "function" || typeof w.get !== "function" || !(w.layers instanceof Map)) {
    throw new RestyleError(
      "weights-corrupt",
      `These are not VGG19 weights (got ${describeValue(weights)}). Load them with loadWeightsFromUrl or loadWeightsFromFiles.`,
    );
  }
  for (const layer of layers) {
    const lw: unknown = w.layers.get(layer.name);
    if (lw === undefined) continue; // missing layers are named by createVgg19
    const { kernel, bias } = (lw ?? {}) as { kernel?: unknown; bias?: unknown };
    if (!(kernel instanceof tf.Tensor) || !(bias instanceof tf.Tensor)) {
      throw new RestyleError(
        "weights-corrupt",
        `The weights for ${layer.name} are not tensors; load the weights again.`,
        `${layer.name}: ${describeValue(kernel)}, ${describeValue(bias)}`,
      );
    }
    if (kernel.isDisposed || bias.isDisposed) {
      throw new RestyleError("weights-missing", "These weights were disposed before the run; load them again.", `${layer.name} disposed`);
    }
    const shape = kernelShape(layer);
    if (!sameShape(kernel, shape) || !sameShape(bias, [shape[3]])) {
      throw new RestyleError(
        "weights-corrupt",
        `The weights for ${layer.name} have the wrong shape; load the weights again.`,
        `kernel ${kernel.shape}, bias ${bias.shape}; expected ${shape}, ${shape[3]}`,
      );
    }
  }
}

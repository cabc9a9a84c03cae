/**
 * Seeded He-initialised weights of the right shapes, for the layers real weights are missing
 * from (tests and benchmarks of the full preset on machines without the full VGG19).
 */
import * as tf from "@tensorflow/tfjs-core";
import { VGG19_LAYERS, kernelShape } from "../../engine/layers";
import { VggWeights, type LayerWeights } from "../../engine/vgg-weights";

export function randomVggWeights(layers: readonly string[], seed = 1, base?: VggWeights): VggWeights {
  const map = new Map<string, LayerWeights>();
  VGG19_LAYERS.forEach((l, i) => {
    if (!layers.includes(l.name)) return;
    const have = base?.layers.get(l.name);
    if (have) {
      map.set(l.name, { kernel: tf.clone(have.kernel), bias: tf.clone(have.bias) });
      return;
    }
    // tfjs treats seed 0 as "unseeded", hence the offset.
    const kernel = tf.randomNormal(kernelShape(l), 0, Math.sqrt(2 / (9 * l.inChannels)), "float32", seed * 1000 + i + 1) as tf.Tensor4D;
    map.set(l.name, { kernel, bias: tf.zeros([l.outChannels]) as tf.Tensor1D });
  });
  return new VggWeights(map, base ? `${base.source} + random(seed ${seed})` : `random(seed ${seed})`);
}

/**
 * Seeded He-initialised VGG19 weights of the right shapes, for timing the full preset where the
 * real blocks 4–5 are not available. Speed does not depend on the values; loss values do, so
 * these never feed a quality comparison.
 */
import * as tf from "@tensorflow/tfjs-core";
import { kernelShape, type ConvLayer } from "../src/engine/layers";
import { VggWeights, type LayerWeights } from "../src/engine/weights/vgg-weights";

/** mulberry32: tiny, fast, good enough for weight init. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomVggWeights(layers: readonly ConvLayer[], seed = 0): VggWeights {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const map = new Map<string, LayerWeights>();
  for (const l of layers) {
    const shape = kernelShape(l);
    const std = Math.sqrt(2 / (9 * l.inChannels));
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = gauss() * std;
    map.set(l.name, { kernel: tf.tensor4d(values, shape), bias: tf.zeros([l.outChannels]) as tf.Tensor1D });
  }
  return new VggWeights(map, `random He-init, seed ${seed}`);
}

/** Reads ../shared/vgg19's raw per-layer files (HWIO float32 kernel, then bias) straight into VggWeights. */
import * as tf from "@tensorflow/tfjs-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { layerByName } from "../../src/engine/layers";
import { VggWeights, type LayerWeights } from "../../src/engine/vgg-weights";
import { VGG_RAW } from "./paths";

export const RAW_LAYERS = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4"];

export function rawKernelAndBias(name: string): { kernel: Float32Array; bias: Float32Array } {
  const l = layerByName(name);
  const buf = readFileSync(join(VGG_RAW, `${l.keras}.bin`));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const n = 9 * l.inChannels * l.outChannels;
  return { kernel: all.slice(0, n), bias: all.slice(n, n + l.outChannels) };
}

export function loadRawWeights(layers: string[] = RAW_LAYERS): VggWeights {
  const map = new Map<string, LayerWeights>();
  for (const name of layers) {
    const l = layerByName(name);
    const { kernel, bias } = rawKernelAndBias(name);
    map.set(name, { kernel: tf.tensor4d(kernel, [3, 3, l.inChannels, l.outChannels]), bias: tf.tensor1d(bias) });
  }
  return new VggWeights(map, "shared/vgg19 (raw)");
}

/**
 * What a Restyle weights manifest must contain for each VGG19 layer: tensor names, shapes and the
 * byte size of each stored entry. Shared by the loader (to check) and the converter (to write).
 */
import { kernelShape, layerByName, VGG19_LAYERS } from "../../engine/layers";
import type { WeightDtype, WeightEntry } from "./manifest";

export type TensorRole = "kernel" | "bias";

export function tensorName(layer: string, role: TensorRole): string {
  return `${layer}/${role}`;
}

/** "conv3_1/kernel" → { layer: "conv3_1", role: "kernel" }, or null for a name no VGG19 layer has. */
export function parseTensorName(name: string): { layer: string; role: TensorRole } | null {
  const m = /^(conv\d_\d)\/(kernel|bias)$/.exec(name);
  if (!m || !VGG19_LAYERS.some((l) => l.name === m[1])) return null;
  return { layer: m[1], role: m[2] as TensorRole };
}

export function expectedShape(layer: string, role: TensorRole): number[] {
  const l = layerByName(layer);
  return role === "kernel" ? kernelShape(l) : [l.outChannels];
}

export function bytesPerValue(dtype: WeightDtype): number {
  return dtype === "float32" ? 4 : dtype === "float16" ? 2 : 1;
}

export function storedDtype(e: WeightEntry): WeightDtype {
  return e.quantization?.dtype ?? "float32";
}

export function entryBytes(e: WeightEntry): number {
  return e.shape.reduce((a, b) => a * b, 1) * bytesPerValue(storedDtype(e));
}

/** Shard file name of a layer; one shard per layer, so an error can name the layer it hit. */
export function shardName(layer: string): string {
  return `${layer}.bin`;
}

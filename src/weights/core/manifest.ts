/**
 * The on-disk / over-the-wire format of Restyle's VGG19 weights: a tfjs weights manifest
 * (groups of binary shards, float32 / float16 / uint8-quantised entries) wrapped with the
 * preset it serves and a sha256 per shard. Tensor names are "<layer>/kernel" ([3,3,in,out], HWIO)
 * and "<layer>/bias" ([out]), layer names as in layers.ts (conv1_1 …).
 */
import type { PresetName } from "../../engine/types";

export type WeightDtype = "float32" | "float16" | "uint8";

export interface WeightEntry {
  name: string;
  shape: number[];
  /** Dtype after dequantisation: always float32 here. */
  dtype: "float32";
  /** Present when the stored bytes are quantised (tfjs convention: value = q * scale + min for uint8). */
  quantization?: { dtype: "float16" | "uint8"; min?: number; scale?: number };
}

export interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
  /** Hex sha256 of each file in `paths`, same order (Restyle's own format). */
  sha256?: string[];
  /** Or hex git blob SHA-1 of each file (the pinned layers model, from the table shipped in the product). */
  gitSha1?: string[];
  /** Byte length of each file in `paths`, same order. */
  bytes: number[];
}

export interface WeightsManifest {
  format: "restyle-vgg19";
  version: 1;
  preset: PresetName;
  /** Storage dtype chosen at conversion time. */
  dtype: WeightDtype;
  /** conv layers present, in network order. */
  layers: string[];
  /** Where the numbers came from (for the credit line). */
  source: string;
  weightsManifest: WeightGroup[];
}

export const MANIFEST_FILE = "manifest.json";

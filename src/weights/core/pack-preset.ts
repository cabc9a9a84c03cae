/**
 * Packs one preset into Restyle's weights format: one shard per layer (kernel then bias),
 * quantised to the chosen dtype, each with its byte length and sha256. Pure and host-agnostic,
 * so a page can convert a picked .h5 the same way the CLI does.
 */
import type { PresetName } from "../../engine/types";
import { expectedShape, shardName, tensorName } from "./layout";
import type { WeightDtype, WeightEntry, WeightGroup, WeightsManifest } from "./manifest";
import { sha256Hex } from "./sha256";
import type { LayerSource } from "./layer-source";
import { quantise } from "./quantise";

export interface PackedPreset {
  manifest: WeightsManifest;
  /** Shard path → bytes. */
  files: Map<string, Uint8Array>;
}

export async function packPreset(preset: PresetName, layers: readonly string[], src: LayerSource, dtype: WeightDtype, source: string): Promise<PackedPreset> {
  const files = new Map<string, Uint8Array>();
  const groups: WeightGroup[] = [];
  for (const layer of layers) {
    const a = src.get(layer);
    if (!a) throw new Error(`packPreset: source lacks ${layer}`); // callers check coverage first
    const k = quantise(a.kernel, dtype);
    const b = quantise(a.bias, dtype);
    const bytes = new Uint8Array(k.bytes.length + b.bytes.length);
    bytes.set(k.bytes, 0);
    bytes.set(b.bytes, k.bytes.length);
    const entry = (role: "kernel" | "bias", q: typeof k): WeightEntry => ({
      name: tensorName(layer, role),
      shape: expectedShape(layer, role),
      dtype: "float32",
      ...(q.quantization ? { quantization: q.quantization } : {}),
    });
    const path = shardName(layer);
    files.set(path, bytes);
    groups.push({ paths: [path], weights: [entry("kernel", k), entry("bias", b)], sha256: [await sha256Hex(bytes)], bytes: [bytes.length] });
  }
  return { manifest: { format: "restyle-vgg19", version: 1, preset, dtype, layers: [...layers], source, weightsManifest: groups }, files };
}

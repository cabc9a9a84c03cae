/**
 * Reads a TensorFlow.js layers model's `model.json` (the pinned public copy of the Keras VGG19) as
 * a Restyle weights manifest: its conv groups (`blockN_convM/kernel|bias`, float32, shards spanning
 * one layer) renamed to Restyle's layer names, each shard's size and git blob SHA-1 taken from a
 * hash table that ships in the product, never from the file. The fully connected groups are left
 * out. Only groups whose shards are all `present` count, and the manifest serves the largest preset
 * those groups cover (the download fetches groups 1–13: Full).
 */
import { isObj } from "../../kit/guards";
import { PRESETS } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import { layersUpTo, tapsOf, VGG19_LAYERS } from "../../engine/layers";
import type { PresetName } from "../../engine/types";
import type { WeightEntry, WeightGroup, WeightsManifest } from "./manifest";
import { PINNED_COMMIT, PINNED_REPO, type ShardHashTable } from "./pinned-source";

const corrupt = (detail: string) =>
  new RestyleError("weights-corrupt", "The weights' model.json is not the VGG19 layers model Restyle knows; download the weights again.", detail);

export function presetLayerNames(preset: PresetName): string[] {
  const p = PRESETS[preset];
  return layersUpTo(tapsOf(p.styleLayers, p.contentLayer)).map((l) => l.name);
}

export interface LayersModelGroup {
  /** Restyle layer name (conv1_1 …). */
  layer: string;
  paths: string[];
}

/** The conv groups of a layers model.json, checked against the table, in file order. */
export function layersModelGroups(json: unknown, table: ShardHashTable): Array<LayersModelGroup & { group: WeightGroup }> {
  if (!isObj(json) || !Array.isArray(json.weightsManifest)) throw corrupt("no weightsManifest");
  const byKeras = new Map(VGG19_LAYERS.map((l) => [l.keras, l.name]));
  const out: Array<LayersModelGroup & { group: WeightGroup }> = [];
  json.weightsManifest.forEach((g: unknown, i: number) => {
    if (!isObj(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) throw corrupt(`group ${i} is malformed`);
    const names = g.weights.map((w: unknown) => (isObj(w) && typeof w.name === "string" ? w.name : ""));
    const m = names.map((n) => /^(block\d_conv\d)\/(kernel|bias)$/.exec(n));
    if (!m.every((x) => x !== null)) return; // a fully connected layer (or anything else): never needed
    const layer = byKeras.get(m[0]![1]);
    if (!layer || m.some((x) => byKeras.get(x![1]) !== layer)) throw corrupt(`group ${i} mixes or misnames layers`);
    const paths = g.paths as unknown[];
    if (!paths.every((p): p is string => typeof p === "string" && table.has(p))) {
      throw corrupt(`group ${i} (${layer}) names a shard that is not in the published hash table: ${paths.join(", ")}`);
    }
    const weights: WeightEntry[] = g.weights.map((w: unknown, j: number) => {
      const e = w as Record<string, unknown>;
      if (e.dtype !== "float32" || e.quantization !== undefined) throw corrupt(`${names[j]} is not plain float32`);
      if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d > 0)) throw corrupt(`${names[j]} has a bad shape`);
      return { name: `${layer}/${m[j]![2]}`, shape: e.shape as number[], dtype: "float32" };
    });
    const rows = paths.map((p) => table.get(p)!);
    out.push({ layer, paths, group: { paths, weights, bytes: rows.map((r) => r.bytes), gitSha1: rows.map((r) => r.gitSha1) } });
  });
  return out;
}

export function parseLayersModel(json: unknown, table: ShardHashTable, present: (path: string) => boolean = () => true): WeightsManifest {
  const groups = layersModelGroups(json, table).filter((g) => g.paths.every(present));
  const have = new Set(groups.map((g) => g.layer));
  const preset: PresetName | null = presetLayerNames("full").every((l) => have.has(l)) ? "full" : presetLayerNames("lite").every((l) => have.has(l)) ? "lite" : null;
  if (!preset) {
    const missing = presetLayerNames("lite").filter((l) => !have.has(l));
    throw new RestyleError("weights-missing", `The weights lack ${missing.join(", ")}; pick model.json together with all its group shards.`, missing.join(","));
  }
  const layers = presetLayerNames(preset);
  return {
    format: "restyle-vgg19",
    version: 1,
    preset,
    dtype: "float32",
    layers,
    source: `${PINNED_REPO}@${PINNED_COMMIT.slice(0, 7)} (TensorFlow.js layers model); VGG19 ImageNet weights, Simonyan & Zisserman (arXiv:1409.1556), CC BY 4.0`,
    weightsManifest: groups.filter((g) => layers.includes(g.layer)).map((g) => g.group),
  };
}


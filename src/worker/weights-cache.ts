/**
 * The engine's side of the weights: tensors made from the file sets the page sends (weight-files.ts
 * decides which files; this module only checks them and makes tensors, with `loadWeightsFromFiles`),
 * kept per preset until the backend is rebuilt. A failed or cancelled load is forgotten so the next
 * run sends the files again.
 */
import { RestyleError } from "../engine/errors";
import type { PresetName } from "../engine/types";
import { loadWeightsFromFiles, presetOfFiles, type VggWeights } from "../weights/core";

const cache = new Map<string, Promise<VggWeights>>();

export interface WeightsLoadHooks {
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

const keyOf = (preset: PresetName, generation: number) => `${preset}@${generation}`;

/** The preset's tensors on backend `generation`; the page must have sent its files first. */
export function cachedWeights(preset: PresetName, generation: number): Promise<VggWeights> {
  const p = cache.get(keyOf(preset, generation));
  if (p) return p;
  return Promise.reject(new RestyleError("weights-missing", "The network's weights were not loaded into the engine; press Run again."));
}

/** Makes the preset's tensors from `files` on backend `generation` (a rebuilt backend needs fresh ones); kept until dropped. */
export function loadPresetWeights(
  preset: PresetName,
  files: ReadonlyMap<string, Uint8Array>,
  generation: number,
  hooks: WeightsLoadHooks = {},
): Promise<VggWeights> {
  const key = keyOf(preset, generation);
  let p = cache.get(key);
  if (!p) {
    p = loadWeightsFromFiles(files, { onProgress: hooks.onProgress, signal: hooks.signal });
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/**
 * Checks picked files by loading them (sizes, hashes, shapes), then serves the preset their
 * manifest describes from them. Files that fail change nothing.
 */
export async function installPickedWeights(files: ReadonlyMap<string, Uint8Array>, generation: number): Promise<{ preset: PresetName; layers: number }> {
  const weights = await loadWeightsFromFiles(files);
  // Either layout (Restyle's manifest.json or the layers model's model.json); the load above checked it.
  const preset = presetOfFiles(files);
  for (const [key, p] of cache) {
    if (key.startsWith(`${preset}@`)) {
      cache.delete(key);
      p.then(
        (w) => w.dispose(),
        () => undefined,
      );
    }
  }
  cache.set(keyOf(preset, generation), Promise.resolve(weights));
  return { preset, layers: weights.names.length };
}

/** Frees every cached network (the panel is closing, or the backend was rebuilt). */
export function dropWeights(): void {
  for (const p of cache.values())
    p.then(
      (w) => w.dispose(),
      () => undefined,
    );
  cache.clear();
}

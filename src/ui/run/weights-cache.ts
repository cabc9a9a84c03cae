/**
 * VGG19 weights kept in memory while the panel is open: the Lite preset comes from the bundle
 * inlined at build time, the Full preset from the weights URL fixed at build time, and either from
 * files the user picked ("Load weights…"), which win over both. A failed or cancelled load is
 * forgotten so the next run tries again.
 *
 * Picked files stay here as bytes for the whole session: the Figma iframe has a null origin, so
 * there is no IndexedDB or localStorage to keep them in, and tensors die with a lost GPU context.
 */
import bundle from "restyle:lite-weights";
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { loadWeightsFromBundle, loadWeightsFromFiles, loadWeightsFromUrl, MANIFEST_FILE, parseManifest, type VggWeights } from "../../engine/weights";

const cache = new Map<string, Promise<VggWeights>>();
const picked = new Map<PresetName, ReadonlyMap<string, Uint8Array>>();

export interface WeightsLoadHooks {
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

const keyOf = (preset: PresetName, generation: number) => `${preset}@${generation}`;

function load(preset: PresetName, hooks: WeightsLoadHooks): Promise<VggWeights> {
  const files = picked.get(preset);
  if (files) return loadWeightsFromFiles(files, { onProgress: hooks.onProgress, signal: hooks.signal });
  if (preset === "lite") {
    if (!bundle) {
      return Promise.reject(
        new RestyleError("weights-missing", "This build of Restyle has no built-in Lite weights; use Load weights… to pick a converted bundle, or choose Full quality."),
      );
    }
    return loadWeightsFromBundle(bundle);
  }
  return loadWeightsFromUrl(process.env.RESTYLE_WEIGHTS_URL ?? "", { onProgress: hooks.onProgress, signal: hooks.signal });
}

/** Weights for `preset` on backend `generation` (a rebuilt backend needs fresh tensors). */
export function getWeights(preset: PresetName, generation: number, hooks: WeightsLoadHooks = {}): Promise<VggWeights> {
  const key = keyOf(preset, generation);
  let p = cache.get(key);
  if (!p) {
    p = load(preset, hooks);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/**
 * Checks picked files by loading them (sizes, sha256, shapes), then serves the preset named in
 * their manifest from them for the rest of the session. Files that fail change nothing.
 */
export async function installPickedWeights(files: ReadonlyMap<string, Uint8Array>, generation: number): Promise<{ preset: PresetName; layers: number }> {
  const weights = await loadWeightsFromFiles(files);
  // The load above parsed this manifest already, so it is present and valid.
  const { preset } = parseManifest(JSON.parse(new TextDecoder().decode(files.get(MANIFEST_FILE))));
  for (const [key, p] of cache) {
    if (key.startsWith(`${preset}@`)) {
      cache.delete(key);
      p.then((w) => w.dispose(), () => undefined);
    }
  }
  picked.set(preset, files);
  cache.set(keyOf(preset, generation), Promise.resolve(weights));
  return { preset, layers: weights.names.length };
}

/** Frees every cached network (the panel is closing, or the backend was rebuilt); picked files stay. */
export function dropWeights(): void {
  for (const p of cache.values()) p.then((w) => w.dispose(), () => undefined);
  cache.clear();
}

/**
 * VGG19 weights kept in memory while the panel is open: the Lite preset comes from the bundle
 * inlined at build time, the Full preset from the weights URL fixed at build time. A failed or
 * cancelled load is forgotten so the next run tries again.
 */
import bundle from "restyle:lite-weights";
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { loadWeightsFromBundle, loadWeightsFromUrl, type VggWeights } from "../../engine/weights";

const cache = new Map<string, Promise<VggWeights>>();

export interface WeightsLoadHooks {
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

function load(preset: PresetName, hooks: WeightsLoadHooks): Promise<VggWeights> {
  if (preset === "lite") {
    if (!bundle) {
      return Promise.reject(
        new RestyleError("weights-missing", "This build of Restyle has no built-in Lite weights. Choose Full quality, or rebuild the plugin after `npm run weights`."),
      );
    }
    return loadWeightsFromBundle(bundle);
  }
  return loadWeightsFromUrl(process.env.RESTYLE_WEIGHTS_URL ?? "", { onProgress: hooks.onProgress, signal: hooks.signal });
}

/** Weights for `preset` on backend `generation` (a rebuilt backend needs fresh tensors). */
export function getWeights(preset: PresetName, generation: number, hooks: WeightsLoadHooks = {}): Promise<VggWeights> {
  const key = `${preset}@${generation}`;
  let p = cache.get(key);
  if (!p) {
    p = load(preset, hooks);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Frees every cached network (the panel is closing, or the backend was rebuilt). */
export function dropWeights(): void {
  for (const p of cache.values()) p.then((w) => w.dispose(), () => undefined);
  cache.clear();
}

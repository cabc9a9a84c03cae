/**
 * Node library: a preset's weights with no setup. The user's cache (RESTYLE_CACHE_DIR, else
 * $XDG_CACHE_HOME/restyle, else ~/.cache/restyle) is filled on first use, from RESTYLE_WEIGHTS_FROM
 * or the pinned download (every shard checked against the shipped hash table); later calls read it.
 */
import type { PresetName } from "../engine/types";
import type { VggWeights } from "../engine/vgg-weights";
import { ensureCachedWeights, type CachedWeightsOptions } from "../weights/node/cached-weights";
import { loadWeightsFromDir } from "../weights/node/load-weights-dir";

export type CachedWeightsLoadOptions = Partial<Pick<CachedWeightsOptions, "log" | "onProgress" | "signal" | "env">>;

export async function loadCachedWeights(preset: PresetName = "lite", opts: CachedWeightsLoadOptions = {}): Promise<VggWeights> {
  const dir = await ensureCachedWeights(preset, { ...opts, log: opts.log ?? (() => undefined) });
  return loadWeightsFromDir(dir, { signal: opts.signal });
}

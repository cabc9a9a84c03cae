/**
 * Weights on first use, for an installed CLI or the Node library: a preset folder in the user's
 * cache (cache-dir.ts) when there is one; else a local copy named by RESTYLE_WEIGHTS_FROM, converted
 * into the cache; else the preset's shards only, downloaded from the pinned GitHub copy (each
 * checked against the shipped git SHA-1 table, kept verified and atomically written so an
 * interrupted download resumes from the shards it already has), converted into the cache. Offline,
 * the error says how to give it a local copy instead.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_WEIGHTS_DTYPE } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import type { FetchLike } from "../core/load-from-url";
import { MANIFEST_FILE } from "../core/manifest";
import type { ShardHashTable } from "../core/pinned-source";
import { weightsCacheDir, type Env } from "./cache-dir";
import { convertSource } from "./convert";
import { readGithubSource } from "./github-source";
import { KERAS_MD5, KERAS_URL, VGG_CREDIT } from "../core/keras-source";
import { presetLayers } from "../core/preset-layers";
import type { DownloadProgress } from "./progress-line";
import { runWeightsTool } from "./run-weights";
import { pinnedWeightsFolder } from "./weights-origin";

export interface CachedWeightsOptions {
  log: (line: string) => void;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** RESTYLE_CACHE_DIR, XDG_CACHE_HOME, RESTYLE_WEIGHTS_FROM, RESTYLE_WEIGHTS_MIRROR (process.env by default). */
  env?: Env;
  /** Tests: the hashes the served shards must match (the shipped table by default). */
  table?: ShardHashTable;
  fetch?: FetchLike;
}

/** What to do without a network, in one sentence. */
export const OFFLINE_HINT =
  "To use a local copy instead, set RESTYLE_WEIGHTS_FROM=PATH (a folder of block*_conv*.bin files or the Keras VGG19 .h5 file) and run again, or run `restyle weights --from PATH` once, or pass --weights DIR.";

/** The cached preset folder, obtained first when absent. */
export async function ensureCachedWeights(preset: PresetName, opts: CachedWeightsOptions): Promise<string> {
  const env = opts.env ?? process.env;
  const out = weightsCacheDir(env);
  const dir = join(out, preset);
  if (existsSync(join(dir, MANIFEST_FILE))) return dir;
  const from = env.RESTYLE_WEIGHTS_FROM;
  if (from) {
    opts.log(`No ${preset} weights in ${dir}; converting RESTYLE_WEIGHTS_FROM=${from}…`);
    await runWeightsTool({ from, url: KERAS_URL, md5: KERAS_MD5, dtype: DEFAULT_WEIGHTS_DTYPE, out }, { log: opts.log });
  } else {
    await download(preset, out, opts, env);
  }
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    throw new RestyleError("weights-missing", `The ${preset} weights could not be built from ${from ?? "the download"}. ${OFFLINE_HINT}`, dir);
  }
  return dir;
}

async function download(preset: PresetName, out: string, opts: CachedWeightsOptions, env: Env): Promise<void> {
  const baseUrl = pinnedWeightsFolder(env);
  const layers = presetLayers(preset);
  opts.log(`First use: downloading the ${preset} VGG19 weights (${layers.length} layers) from ${new URL(baseUrl).host} into ${out}…`);
  const started = Date.now();
  let got: Awaited<ReturnType<typeof readGithubSource>>;
  try {
    got = await readGithubSource({
      baseUrl,
      out,
      layers,
      table: opts.table,
      fetch: opts.fetch,
      log: opts.log,
      signal: opts.signal,
      onProgress: (received, total) => opts.onProgress?.({ received, total, fetched: received, elapsedMs: Date.now() - started }),
    });
  } catch (e) {
    if (e instanceof RestyleError && (e.code === "weights-network" || e.code === "weights-missing")) {
      throw new RestyleError("weights-missing", `The ${preset} weights are not in ${out} and could not be downloaded: ${e.message} ${OFFLINE_HINT}`, e.detail);
    }
    throw e;
  }
  // Only the wanted preset's layers came: that the other preset could not be built is no news.
  const log = (line: string) => (/^Could not build the \w+ preset/.test(line) && !line.includes(` ${preset} `) ? undefined : opts.log(line));
  await convertSource(got.layers, { out, dtype: DEFAULT_WEIGHTS_DTYPE, source: `${got.source}; ${VGG_CREDIT}`, log });
}

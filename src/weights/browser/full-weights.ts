/**
 * The Full preset's weights as bytes, on the page's side (where the page's origin, if it has one,
 * can cache them). Contract shared by the panel's weight sources (weight-files.ts) and the engine:
 * the file set returned is one `loadWeightsFromFiles` accepts (the layers model's model.json plus
 * the shards of groups 1–13, each already checked against the git SHA-1 table shipped in the
 * product; the engine checks them again), and it is handed to the engine (worker or page thread),
 * which makes the tensors.
 *
 * The source is fixed at build time: RESTYLE_WEIGHTS_URL, by default the pinned public copy on
 * GitHub; a self-hosted copy serves the same files (`npm run weights -- --source github` keeps them).
 */
import { downloadLayersModel, type ShardStore } from "../core/download-layers-model";
import { presetLayerNames } from "../core/parse-layers-model";
import { PINNED_BASE_URL, PINNED_SHARDS, type ShardHashTable } from "../core/pinned-source";
import { forgetShardCache, openShardCache } from "./shard-cache";

/** A weights file set: file name → bytes, as `loadWeightsFromFiles` takes it. */
export type WeightFiles = ReadonlyMap<string, Uint8Array>;

export interface FullWeightsHooks {
  /** Bytes verified so far of the total; etaMs once a rate is known. */
  onProgress?: (loaded: number, total: number, etaMs?: number) => void;
  signal?: AbortSignal;
}

export interface FullWeightsSource {
  baseUrl: string;
  table: ShardHashTable;
  /** null: keep nothing between sessions. */
  store: ShardStore | null;
  stallMs?: number;
  retryDelayMs?: number;
}

/** Bytes the Full preset downloads (from the shipped table, so the panel can say it before asking). */
export const FULL_DOWNLOAD_BYTES = fullBytes(PINNED_SHARDS);

const BASE_URL = withSlash(process.env.RESTYLE_WEIGHTS_URL || PINNED_BASE_URL);

export async function fullWeightFiles(hooks: FullWeightsHooks = {}): Promise<WeightFiles> {
  return fullWeightFilesFrom({ baseUrl: BASE_URL, table: PINNED_SHARDS, store: await openShardCache() }, hooks);
}

/** The same, from any source (tests inject a local server and their own table). */
export function fullWeightFilesFrom(source: FullWeightsSource, hooks: FullWeightsHooks = {}): Promise<WeightFiles> {
  return downloadLayersModel({ baseUrl: source.baseUrl, table: source.table, store: source.store, stallMs: source.stallMs, retryDelayMs: source.retryDelayMs, onProgress: hooks.onProgress, signal: hooks.signal });
}

/** Whether this page can keep the Full weights between sessions (false in the Figma iframe). */
export async function canKeepDownloadedWeights(): Promise<boolean> {
  return (await openShardCache()) !== null;
}

/** Forgets any copy cached by this page's origin (a no-op where there is none). */
export async function forgetDownloadedWeights(): Promise<void> {
  await forgetShardCache();
}

/** What the panel says before Full downloads anything. */
export function fullDownloadNote(kept: boolean): string {
  const mb = Math.round(FULL_DOWNLOAD_BYTES / 1e6);
  return kept ? `Full downloads ${mb} MB of weights once; this browser keeps them.` : `Full downloads ${mb} MB of weights, once per session.`;
}

function fullBytes(table: ShardHashTable): number {
  const layers = new Set(presetLayerNames("full"));
  // Group N holds the Nth conv layer: groups 1–13 for conv1_1…conv5_1.
  return [...table.values()].filter((r) => Number(/^group(\d+)-/.exec(r.path)?.[1]) <= layers.size).reduce((s, r) => s + r.bytes, 0);
}

function withSlash(u: string): string {
  return u.endsWith("/") ? u : u + "/";
}

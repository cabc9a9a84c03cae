/**
 * Downloads the shards of a TensorFlow.js layers model (the pinned public VGG19) that some conv
 * layers need, and nothing else: model.json, then only those groups' shards, a few at a time, each
 * checked against the git blob SHA-1 table that ships in the product before it is kept. One
 * progress figure in bytes (with an ETA), cancellable, a stalled request is given up. Each failure
 * names the shard and says what to do, and nothing is kept from a failed download. Makes no
 * tensors: the result is a file set for `loadWeightsFromFiles`. Host-agnostic (fetch only), so the
 * panel, the weights tool and the tests share it.
 */
import { RestyleError } from "../../engine/errors";
import { downloadCancelled, fetchBytes, fetchShard, type FetchOptions } from "./fetch-shard";
import { gitBlobSha1Hex } from "./git-blob-sha1";
import { layersModelGroups, presetLayerNames } from "./parse-layers-model";
import { LAYERS_MODEL_FILE, type ShardHash, type ShardHashTable } from "./pinned-source";
import { runPool } from "./run-pool";

/** Somewhere verified shards are kept between sessions (Cache Storage on a page with an origin). */
export interface ShardStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface LayersModelDownloadOptions extends FetchOptions {
  table: ShardHashTable;
  /** Conv layers wanted (default: the Full preset's, conv1_1…conv5_1). */
  layers?: readonly string[];
  /** Shards in flight at once. */
  concurrency?: number;
  store?: ShardStore | null;
  onProgress?: (loaded: number, total: number, etaMs?: number) => void;
  /** Something worth saying that is not a failure (a damaged saved copy was fetched again). */
  onNotice?: (message: string) => void;
}

export const DOWNLOAD_CONCURRENCY = 4;

/** The shards (with their published size and hash) that `layers` need, and the model.json bytes. */
export async function planLayersModel(opts: LayersModelDownloadOptions): Promise<{ modelJson: Uint8Array; shards: ShardHash[] }> {
  const url = new URL(LAYERS_MODEL_FILE, opts.baseUrl).href;
  const modelJson = await fetchBytes(url, LAYERS_MODEL_FILE, null, opts, () => undefined);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(modelJson));
  } catch (e) {
    throw new RestyleError("weights-corrupt", `The weights host sent a ${LAYERS_MODEL_FILE} that is not JSON; check your connection and try again.`, String(e));
  }
  const wanted = new Set(opts.layers ?? presetLayerNames("full"));
  const groups = layersModelGroups(json, opts.table).filter((g) => wanted.has(g.layer));
  const missing = [...wanted].filter((l) => !groups.some((g) => g.layer === l));
  if (missing.length) {
    throw new RestyleError("weights-corrupt", `The weights host's ${LAYERS_MODEL_FILE} has no ${missing.join(", ")}; it is not the expected VGG19 model.`, missing.join(","));
  }
  return { modelJson, shards: groups.flatMap((g) => g.paths.map((p) => opts.table.get(p)!)) };
}

export async function downloadLayersModel(opts: LayersModelDownloadOptions): Promise<Map<string, Uint8Array>> {
  throwIfCancelled(opts.signal);
  const { modelJson, shards } = await planLayersModel(opts);
  const total = shards.reduce((s, r) => s + r.bytes, 0);
  const got = new Map<string, number>();
  const started = Date.now();
  let fromNetwork = 0;
  let loaded = 0;
  const report = () => {
    const now = [...got.values()].reduce((a, b) => a + b, 0);
    if (now < loaded) return; // never backwards
    loaded = now;
    const elapsed = Date.now() - started;
    const rate = elapsed > 200 && fromNetwork > 0 ? fromNetwork / elapsed : 0;
    opts.onProgress?.(loaded, total, rate > 0 ? Math.round((total - loaded) / rate) : undefined);
  };
  report();

  // One failure (or the user's cancel) stops every request in flight and starts no new one.
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  opts.signal?.addEventListener("abort", onAbort);
  const out = new Map<string, Uint8Array>([[LAYERS_MODEL_FILE, modelJson]]);
  try {
    const one = async (row: ShardHash) => {
      const key = storeKey(opts.baseUrl, row);
      const saved = await readStore(opts.store, key);
      if (saved) {
        if (saved.length === row.bytes && (await gitBlobSha1Hex(saved)) === row.gitSha1) {
          got.set(row.path, row.bytes);
          report();
          out.set(row.path, saved);
          return;
        }
        await opts.store?.delete(key).catch(() => undefined);
        opts.onNotice?.(`The saved copy of ${row.path} was damaged; downloading it again.`);
      }
      const bytes = await fetchShard(row, { ...opts, signal: inner.signal }, (n, last) => {
        fromNetwork += Math.max(0, n - last);
        got.set(row.path, Math.min(n, row.bytes));
        report();
      });
      out.set(row.path, bytes);
      await opts.store?.put(key, bytes).catch(() => undefined); // a full or refused cache only costs the next session a download
    };
    await runPool(shards, opts.concurrency ?? DOWNLOAD_CONCURRENCY, one, () => inner.abort());
    throwIfCancelled(opts.signal);
    return out;
  } catch (e) {
    out.clear();
    if (opts.signal?.aborted) throw downloadCancelled();
    throw e;
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** The cache key: the shard's own URL plus the hash it must have, so a new pin never meets an old entry. */
export function storeKey(baseUrl: string, row: ShardHash): string {
  return `${new URL(row.path, baseUrl).href}?git-sha1=${row.gitSha1}`;
}

async function readStore(store: ShardStore | null | undefined, key: string): Promise<Uint8Array | undefined> {
  try {
    return await store?.get(key);
  } catch {
    return undefined;
  }
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw downloadCancelled();
}

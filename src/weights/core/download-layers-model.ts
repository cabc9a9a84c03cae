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
import { gitBlobSha1Hex } from "./git-blob-sha1";
import type { FetchLike } from "./load-from-url";
import { layersModelGroups, presetLayerNames } from "./parse-layers-model";
import { LAYERS_MODEL_FILE, type ShardHash, type ShardHashTable } from "./pinned-source";
import { messageOf } from "../../kit/message-of";
import { runPool } from "./run-pool";

/** Somewhere verified shards are kept between sessions (Cache Storage on a page with an origin). */
export interface ShardStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface LayersModelDownloadOptions {
  /** Folder holding model.json and the shards; ends with "/". */
  baseUrl: string;
  table: ShardHashTable;
  /** Conv layers wanted (default: the Full preset's, conv1_1…conv5_1). */
  layers?: readonly string[];
  fetch?: FetchLike;
  /** Shards in flight at once. */
  concurrency?: number;
  /** A request that delivers nothing for this long is given up. */
  stallMs?: number;
  store?: ShardStore | null;
  onProgress?: (loaded: number, total: number, etaMs?: number) => void;
  /** Wait before the one retry of a shard that failed on the network. */
  retryDelayMs?: number;
  /** Something worth saying that is not a failure (a damaged saved copy was fetched again). */
  onNotice?: (message: string) => void;
  signal?: AbortSignal;
}

export const DOWNLOAD_CONCURRENCY = 4;
export const DOWNLOAD_STALL_MS = 30_000;
const RETRY_DELAY_MS = 1000;

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
      const attempt = async (): Promise<Uint8Array> => {
        let last = 0;
        const bytes = await fetchBytes(new URL(row.path, opts.baseUrl).href, row.path, row.bytes, { ...opts, signal: inner.signal }, (n) => {
          fromNetwork += Math.max(0, n - last);
          last = n;
          got.set(row.path, Math.min(n, row.bytes));
          report();
        });
        if (inner.signal.aborted) throw cancelled();
        if (bytes.length !== row.bytes) {
          throw new RestyleError("weights-network", `The download of ${row.path} ended early (${bytes.length} of ${row.bytes} bytes); try again.`, `${row.path} ${bytes.length}/${row.bytes}`);
        }
        return bytes;
      };
      let bytes: Uint8Array;
      try {
        bytes = await attempt();
      } catch (e) {
        // One more try for what a flaky connection does (a reset, a 5xx, a stall); not for a 404 or a wrong hash.
        if (!(e instanceof RestyleError) || e.code !== "weights-network" || inner.signal.aborted) throw e;
        await sleep(opts.retryDelayMs ?? RETRY_DELAY_MS, inner.signal);
        bytes = await attempt();
      }
      const sha = await gitBlobSha1Hex(bytes);
      if (sha !== row.gitSha1) {
        throw new RestyleError(
          "weights-corrupt",
          `${row.path} failed its integrity check: it is not the published file (git SHA-1 mismatch). Try again; if it fails again, load the weights from a file instead.`,
          `${row.path} git-sha1 ${sha} ≠ ${row.gitSha1}`,
        );
      }
      out.set(row.path, bytes);
      await opts.store?.put(key, bytes).catch(() => undefined); // a full or refused cache only costs the next session a download
    };
    await runPool(shards, opts.concurrency ?? DOWNLOAD_CONCURRENCY, one, () => inner.abort());
    throwIfCancelled(opts.signal);
    return out;
  } catch (e) {
    out.clear();
    if (opts.signal?.aborted) throw cancelled();
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

/**
 * One request, streamed into a buffer of the published size. `expected` null: any size (model.json).
 * The stall timer restarts with every chunk; it also covers the wait for the headers.
 */
async function fetchBytes(url: string, name: string, expected: number | null, opts: LayersModelDownloadOptions, onBytes: (n: number) => void): Promise<Uint8Array> {
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => globalThis.fetch(u, init));
  const stallMs = opts.stallMs ?? DOWNLOAD_STALL_MS;
  const ctl = new AbortController();
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      ctl.abort();
    }, stallMs);
  };
  const onAbort = () => ctl.abort();
  opts.signal?.addEventListener("abort", onAbort);
  const host = hostOf(url);
  const known = (e: unknown): RestyleError | null => {
    if (e instanceof RestyleError) return e;
    if (opts.signal?.aborted) return cancelled();
    if (stalled) {
      return new RestyleError("weights-network", `The download of ${name} from ${host} stalled (nothing arrived for ${stallMs < 1000 ? `${stallMs} ms` : `${Math.round(stallMs / 1000)} s`}); check your connection and try again.`, url);
    }
    return null;
  };
  arm();
  try {
    let res: Response;
    try {
      res = await doFetch(url, { signal: ctl.signal });
    } catch (e) {
      const k = known(e);
      if (k) throw k;
      const offline = typeof navigator !== "undefined" && navigator.onLine === false;
      throw new RestyleError(
        "weights-network",
        offline
          ? `You are offline, so ${name} cannot be downloaded; connect to the internet and try again, or load the weights from a file.`
          : `Could not download ${name} from ${host}: the network is down or the server does not allow cross-origin requests (CORS); check your connection and try again, or load the weights from a file.`,
        `${url}: ${messageOf(e)}`,
      );
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      throw new RestyleError("weights-missing", `The weights host has no ${name} (HTTP ${res.status}); the weights may have moved — load the weights from a file instead.`, url);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new RestyleError("weights-network", `The weights host answered HTTP ${res.status} for ${name}; try again later, or load the weights from a file.`, url);
    }
    if (/text\/html/i.test(res.headers.get("content-type") ?? "")) {
      await res.body?.cancel().catch(() => undefined);
      throw htmlPage(name);
    }
    return await readAll(res, name, expected, arm, onBytes);
  } catch (e) {
    throw known(e) ?? new RestyleError("weights-network", `The download of ${name} from ${host} broke off; check your connection and try again.`, `${url}: ${messageOf(e)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

async function readAll(res: Response, name: string, expected: number | null, arm: () => void, onBytes: (n: number) => void): Promise<Uint8Array> {
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    onBytes(all.length);
    return all;
  }
  const reader = res.body.getReader();
  let out = new Uint8Array(expected ?? 64 * 1024);
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    arm();
    if (n === 0 && looksLikeHtml(value)) {
      await reader.cancel().catch(() => undefined);
      throw htmlPage(name);
    }
    if (n + value.length > out.length) {
      if (expected !== null) {
        await reader.cancel().catch(() => undefined);
        throw new RestyleError("weights-corrupt", `${name} is larger than the published file (${expected} bytes); the host is serving different files — load the weights from a file instead.`, name);
      }
      const bigger = new Uint8Array(Math.max(out.length * 2, n + value.length));
      bigger.set(out.subarray(0, n));
      out = bigger;
    }
    out.set(value, n);
    n += value.length;
    onBytes(n);
  }
  return n === out.length ? out : out.slice(0, n);
}

/** A proxy login or error page answered in place of the file (float32 shards never start like this). */
function looksLikeHtml(first: Uint8Array): boolean {
  const head = new TextDecoder().decode(first.subarray(0, 64)).trimStart().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

function htmlPage(name: string): RestyleError {
  return new RestyleError(
    "weights-network",
    `The weights host sent a web page instead of ${name} (a network login page or an error page); check your connection, sign in to the network if asked, and try again.`,
    name,
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((ok, fail) => {
    if (signal.aborted) return fail(cancelled());
    const t = setTimeout(() => (signal.removeEventListener("abort", stop), ok()), ms);
    const stop = () => (clearTimeout(t), fail(cancelled()));
    signal.addEventListener("abort", stop, { once: true });
  });
}

function cancelled(): RestyleError {
  return new RestyleError("cancelled", "Downloading the Full weights was cancelled.");
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled();
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

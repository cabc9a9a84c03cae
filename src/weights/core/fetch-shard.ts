/**
 * One file of a weights download over the network: a streamed request with a stall timer and a
 * user-facing error for each way it fails (offline, CORS, 404, an HTML page in place of the file,
 * a file too long or cut short), and a shard's one retry and its check against the published git
 * blob SHA-1. Host-agnostic (fetch only).
 */
import { RestyleError } from "../../engine/errors";
import { messageOf } from "../../kit/message-of";
import { gitBlobSha1Hex } from "./git-blob-sha1";
import type { FetchLike } from "./load-from-url";
import type { ShardHash } from "./pinned-source";

export interface FetchOptions {
  /** Folder holding model.json and the shards; ends with "/". */
  baseUrl: string;
  fetch?: FetchLike;
  /** A request that delivers nothing for this long is given up. */
  stallMs?: number;
  /** Wait before the one retry of a shard that failed on the network. */
  retryDelayMs?: number;
  signal?: AbortSignal;
}

export const DOWNLOAD_STALL_MS = 30_000;
const RETRY_DELAY_MS = 1000;

/**
 * A shard of the published size and hash, tried once more when the network failed it (a reset, a
 * 5xx, a stall; not a 404 or a wrong hash). `onBytes(n, last)`: n bytes of this attempt so far, last before.
 */
export async function fetchShard(row: ShardHash, opts: FetchOptions, onBytes: (n: number, last: number) => void): Promise<Uint8Array> {
  const attempt = async (): Promise<Uint8Array> => {
    let last = 0;
    const bytes = await fetchBytes(new URL(row.path, opts.baseUrl).href, row.path, row.bytes, opts, (n) => {
      onBytes(n, last);
      last = n;
    });
    if (opts.signal?.aborted) throw downloadCancelled();
    if (bytes.length !== row.bytes) {
      throw new RestyleError("weights-network", `The download of ${row.path} ended early (${bytes.length} of ${row.bytes} bytes); try again.`, `${row.path} ${bytes.length}/${row.bytes}`);
    }
    return bytes;
  };
  let bytes: Uint8Array;
  try {
    bytes = await attempt();
  } catch (e) {
    if (!(e instanceof RestyleError) || e.code !== "weights-network" || opts.signal?.aborted) throw e;
    await sleep(opts.retryDelayMs ?? RETRY_DELAY_MS, opts.signal);
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
  return bytes;
}

/**
 * One request, streamed into a buffer of the published size. `expected` null: any size (model.json).
 * The stall timer restarts with every chunk; it also covers the wait for the headers.
 */
export async function fetchBytes(url: string, name: string, expected: number | null, opts: FetchOptions, onBytes: (n: number) => void): Promise<Uint8Array> {
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
    if (opts.signal?.aborted) return downloadCancelled();
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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((ok, fail) => {
    if (!signal) return void setTimeout(ok, ms);
    if (signal.aborted) return fail(downloadCancelled());
    const t = setTimeout(() => (signal.removeEventListener("abort", stop), ok()), ms);
    const stop = () => (clearTimeout(t), fail(downloadCancelled()));
    signal.addEventListener("abort", stop, { once: true });
  });
}

/** The error every cancelled download ends with. */
export function downloadCancelled(): RestyleError {
  return new RestyleError("cancelled", "Downloading the Full weights was cancelled.");
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

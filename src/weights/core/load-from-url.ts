/**
 * Weights over HTTP(S): manifest.json then the shards it lists, streamed with progress. In the
 * Figma panel every request is cross-origin from a `null` origin, so a refused request is most
 * often offline or missing CORS headers; the browser will not say which, so the message names both.
 */
import { RestyleError } from "../../engine/errors";
import { loadWeights, type ShardReader } from "./load-weights";
import { MANIFEST_FILE, type WeightsManifest } from "./manifest";
import { parseManifest } from "./parse-manifest";
import type { VggWeights } from "../../engine/vgg-weights";
import { messageOf } from "../../kit/message-of";

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface LoadFromUrlOptions {
  fetch?: FetchLike;
  layers?: readonly string[];
  onProgress?: (loadedBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

export async function loadWeightsFromUrl(baseUrl: string, opts: LoadFromUrlOptions = {}): Promise<VggWeights> {
  const base = absoluteBase(baseUrl);
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => globalThis.fetch(u, init));
  const manifest = await fetchManifest(base, doFetch, opts.signal);
  const read: ShardReader = async (path, ctx) => {
    const res = await request(doFetch, new URL(path, base).href, ctx.signal);
    return readBody(res, path, ctx.expectedBytes, ctx.onBytes);
  };
  return loadWeights(manifest, read, { layers: opts.layers, onProgress: opts.onProgress, signal: opts.signal });
}

export async function fetchManifest(base: string, doFetch: FetchLike, signal?: AbortSignal): Promise<WeightsManifest> {
  const res = await request(doFetch, new URL(MANIFEST_FILE, base).href, signal);
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    if (signal?.aborted) throw cancelled();
    throw new RestyleError("weights-corrupt", `The weights manifest at ${base} is not valid JSON; check the weights URL.`, String(e));
  }
  return parseManifest(json);
}

async function request(doFetch: FetchLike, url: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await doFetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw cancelled();
    throw unreachable(url, e);
  }
  if (res.status === 404 || res.status === 410) {
    throw new RestyleError("weights-missing", `The weights server has no ${fileOf(url)} (HTTP ${res.status}); the weights URL may be out of date — load the weights from a file instead.`, url);
  }
  if (!res.ok) {
    throw new RestyleError("weights-network", `The weights server answered HTTP ${res.status} for ${fileOf(url)}; try again later, or load the weights from a file.`, url);
  }
  return res;
}

/** Streams the body, reporting bytes as they arrive and stopping early if it runs past the promised size. */
async function readBody(res: Response, path: string, expected: number, onBytes: (n: number) => void): Promise<Uint8Array> {
  const out = new Uint8Array(expected);
  let n = 0;
  try {
    if (!res.body) {
      const all = new Uint8Array(await res.arrayBuffer());
      onBytes(all.length);
      return all;
    }
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (n + value.length > expected) {
        await reader.cancel().catch(() => undefined);
        // Hand back what makes the loader's size check fail with the right numbers.
        const over = new Uint8Array(n + value.length);
        over.set(out.subarray(0, n));
        over.set(value, n);
        return over;
      }
      out.set(value, n);
      n += value.length;
      onBytes(n);
    }
  } catch (e) {
    if (e instanceof RestyleError) throw e;
    if (e instanceof Error && e.name === "AbortError") throw cancelled();
    throw new RestyleError("weights-network", `The download of ${path} broke off after ${n} of ${expected} bytes; check your connection and try again.`, String(e));
  }
  return n === expected ? out : out.slice(0, n);
}

function unreachable(url: string, e: unknown): RestyleError {
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  const host = safeHost(url);
  const message = offline
    ? "You are offline, so the full weights cannot be downloaded; connect to the internet or load the weights from a file."
    : `Could not reach ${host}: the network is down or the server does not allow cross-origin requests (CORS); check your connection, or load the weights from a file.`;
  return new RestyleError("weights-network", message, `${url}: ${messageOf(e)}`);
}

/** A relative base (a page serving its own weights) resolves against the page; always ends with "/". */
function absoluteBase(baseUrl: string): string {
  const withSlash = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
  try {
    return new URL(withSlash, typeof location !== "undefined" ? location.href : undefined).href;
  } catch {
    throw new RestyleError("weights-network", `The weights URL "${baseUrl}" is not a valid address; rebuild with RESTYLE_WEIGHTS_URL set to an https:// URL.`, baseUrl);
  }
}

function cancelled(): RestyleError {
  return new RestyleError("cancelled", "Loading the weights was cancelled.");
}

function fileOf(url: string): string {
  return url.slice(url.lastIndexOf("/") + 1) || url;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

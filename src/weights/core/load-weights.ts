/**
 * Loads VGG19 weights from a manifest and a shard reader, trusting nothing: every shard's byte
 * length and sha256, every tensor's name and shape (against layers.ts) and every value's finiteness
 * are checked before a tensor is made. Host-agnostic: the reader is what differs between fetch,
 * files and the inlined bundle. On any failure no tensor is left behind.
 */
import * as tf from "@tensorflow/tfjs-core";
import { CallbackError, RestyleError } from "../../engine/errors";
import type { WeightEntry, WeightGroup, WeightsManifest } from "./manifest";
import { entryBytes, expectedShape, parseTensorName, storedDtype, tensorName } from "./layout";
import { gitBlobSha1Hex } from "./git-blob-sha1";
import { sha256Hex } from "./sha256";
import { VggWeights, type LayerWeights } from "../../engine/vgg-weights";
import { concatBytes } from "../../kit/concat-bytes";
import { messageOf } from "../../kit/message-of";
import { runPool } from "./run-pool";

export interface ShardReadContext {
  signal?: AbortSignal;
  /** Byte length the manifest promises for this shard. */
  expectedBytes: number;
  /** Report bytes of this shard received so far (cumulative), for progress. Optional to call. */
  onBytes(received: number): void;
}

/** Reads one shard by its manifest path. Throw a RestyleError to explain a failure in the host's terms. */
export type ShardReader = (path: string, ctx: ShardReadContext) => Promise<Uint8Array>;

export interface LoadWeightsOptions {
  /** Only these layers (default: every layer in the manifest). */
  layers?: readonly string[];
  onProgress?: (loadedBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

/** Shards read at once: enough to overlap network latency, few enough to keep memory bounded. */
const CONCURRENCY = 3;

export async function loadWeights(manifest: WeightsManifest, readShard: ShardReader, opts: LoadWeightsOptions = {}): Promise<VggWeights> {
  const wanted = opts.layers ? [...new Set(opts.layers)] : manifest.layers;
  const groups = groupsFor(manifest, wanted);
  const total = groups.reduce((s, g) => s + g.bytes.reduce((a, b) => a + b, 0), 0);
  const received = new Map<string, number>();
  // The caller's own callback error is tagged so no catch below mistakes it for a read failure.
  const report = () => {
    try {
      opts.onProgress?.([...received.values()].reduce((a, b) => a + b, 0), total);
    } catch (e) {
      throw new CallbackError(e);
    }
  };

  // One failure stops the other reads in flight.
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  opts.signal?.addEventListener("abort", onAbort);
  const made = new Map<string, LayerWeights>();
  try {
    report();
    const jobs = groups.map((g) => async () => {
      const shards: Uint8Array[] = [];
      for (let i = 0; i < g.paths.length; i++) {
        throwIfCancelled(opts.signal);
        const path = g.paths[i];
        const expected = g.bytes[i];
        const bytes = await readOne(readShard, path, expected, inner.signal, (n) => {
          received.set(path, Math.min(n, expected));
          report();
        });
        throwIfCancelled(opts.signal);
        await verifyShard(path, bytes, expected, g, i);
        received.set(path, expected);
        report();
        shards.push(bytes);
      }
      decodeGroup(g, concat(shards), wanted, made);
    });
    await runPool(jobs, CONCURRENCY, (job) => job(), () => inner.abort());
    throwIfCancelled(opts.signal);
    return new VggWeights(new Map(wanted.map((l) => [l, made.get(l)!])), manifest.source);
  } catch (e) {
    for (const { kernel, bias } of made.values()) {
      kernel.dispose();
      bias.dispose();
    }
    throw e instanceof CallbackError ? e.error : e;
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** The groups holding the wanted layers, after checking every entry's name and shape. */
function groupsFor(manifest: WeightsManifest, wanted: readonly string[]): WeightGroup[] {
  const home = new Map<string, WeightGroup>();
  for (const g of manifest.weightsManifest) {
    for (const e of g.weights) {
      const parsed = parseTensorName(e.name);
      if (!parsed) throw corrupt(`The weights contain an unknown tensor "${e.name}"; convert them again with \`npm run weights\`.`, e.name);
      const want = expectedShape(parsed.layer, parsed.role);
      if (!sameShape(e.shape, want)) {
        throw corrupt(`The weights for ${e.name} have shape [${e.shape}] instead of [${want}]; they are not VGG19 weights.`, `${e.name} shape ${e.shape}`);
      }
      if (storedDtype(e) !== manifest.dtype) throw corrupt(`${e.name} is stored as ${storedDtype(e)} but the manifest says ${manifest.dtype}.`, e.name);
      home.set(e.name, g);
    }
    const promised = g.bytes.reduce((a, b) => a + b, 0);
    const needed = g.weights.reduce((a, e) => a + entryBytes(e), 0);
    if (promised !== needed) throw corrupt(`The weights manifest lists ${promised} bytes for ${g.paths.join(", ")} but its tensors need ${needed}.`, g.paths.join(","));
  }
  const groups = new Set<WeightGroup>();
  for (const layer of wanted) {
    for (const role of ["kernel", "bias"] as const) {
      const g = home.get(tensorName(layer, role));
      if (!g) {
        throw new RestyleError(
          "weights-missing",
          `The ${manifest.preset} weights do not include ${layer}, which this run needs; load the full weights or pick a lighter preset.`,
          tensorName(layer, role),
        );
      }
      groups.add(g);
    }
  }
  return [...groups];
}

async function readOne(read: ShardReader, path: string, expected: number, signal: AbortSignal, onBytes: (n: number) => void): Promise<Uint8Array> {
  try {
    return await read(path, { signal, expectedBytes: expected, onBytes });
  } catch (e) {
    if (e instanceof RestyleError || e instanceof CallbackError) throw e;
    if (signal.aborted) throw new RestyleError("cancelled", "Loading the weights was cancelled.", path);
    throw new RestyleError("weights-missing", `The weights file ${path} could not be read.`, `${path}: ${messageOf(e)}`);
  }
}

async function verifyShard(path: string, bytes: Uint8Array, expected: number, g: WeightGroup, i: number): Promise<void> {
  if (bytes.length < expected) {
    throw corrupt(`The weights file ${path} is truncated (${bytes.length} of ${expected} bytes); download or convert the weights again.`, `${path} ${bytes.length}/${expected}`);
  }
  if (bytes.length > expected) {
    throw corrupt(`The weights file ${path} is larger than its manifest says (${bytes.length}, not ${expected} bytes); the files do not belong together.`, `${path} ${bytes.length}/${expected}`);
  }
  const [kind, want, got] = g.gitSha1 ? ["git SHA-1", g.gitSha1[i], await gitBlobSha1Hex(bytes)] : ["sha256", g.sha256?.[i], await sha256Hex(bytes)];
  if (got !== want) {
    throw corrupt(`The weights file ${path} failed its integrity check (${kind} mismatch); download or convert the weights again.`, `${path} ${kind} ${got} ≠ ${want}`);
  }
}

/** Checks every value is finite in the stored bytes (cheap, and needs no GPU read-back), then decodes. */
function decodeGroup(g: WeightGroup, data: Uint8Array, wanted: readonly string[], into: Map<string, LayerWeights>): void {
  let off = 0;
  for (const e of g.weights) {
    const n = entryBytes(e);
    const bad = firstNonFinite(e, data.subarray(off, off + n));
    if (bad >= 0) throw corrupt(`The weights for ${e.name} contain a non-finite value (at index ${bad}); convert the weights again.`, `${e.name}[${bad}]`);
    off += n;
  }
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const decoded = tf.io.decodeWeights(buffer, g.weights as tf.io.WeightsManifestEntry[]);
  const keep = new Set(wanted);
  for (const [name, t] of Object.entries(decoded)) {
    const parsed = parseTensorName(name)!;
    if (!keep.has(parsed.layer)) {
      t.dispose();
      continue;
    }
    const lw = into.get(parsed.layer) ?? ({} as LayerWeights);
    if (parsed.role === "kernel") lw.kernel = t as tf.Tensor4D;
    else lw.bias = t as tf.Tensor1D;
    into.set(parsed.layer, lw);
  }
}

function firstNonFinite(e: WeightEntry, bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (storedDtype(e)) {
    case "float32":
      for (let i = 0; i * 4 < bytes.length; i++) if (!Number.isFinite(dv.getFloat32(i * 4, true))) return i;
      return -1;
    case "float16":
      // Exponent bits all ones = Inf or NaN.
      for (let i = 0; i * 2 < bytes.length; i++) if ((dv.getUint16(i * 2, true) & 0x7c00) === 0x7c00) return i;
      return -1;
    case "uint8":
      return -1; // every byte is a valid level; min and scale were checked when the manifest was parsed
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new RestyleError("cancelled", "Loading the weights was cancelled.");
}

function corrupt(message: string, detail: string): RestyleError {
  return new RestyleError("weights-corrupt", message, detail);
}

/**
 * `npm run weights`: get a source (download, Keras .h5 or raw directory), then build the presets.
 * Callable in-process (tests, ensureWeights); src/cli/weights.ts is the thin command around it.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { checkOutFolder } from "./check-out-folder";
import { convertSource, type ConvertReport } from "./convert";
import { downloadFile, type HttpFetch } from "./download";
import { KERAS_FILE, VGG_CREDIT } from "../core/keras-source";
import type { LayerSource } from "../core/layer-source";
import type { DownloadProgress } from "./progress-line";
import { readGithubSource } from "./github-source";
import { PINNED_BASE_URL, type ShardHashTable } from "../core/pinned-source";
import { KERAS_URL } from "../core/keras-source";
import { readKerasFile } from "./read-keras-file";
import { readRawDir } from "./read-raw-dir";
import type { WeightsArgs } from "./weights-args";
import { printable } from "../../kit/printable";

export interface WeightsIo {
  log: (line: string) => void;
  onDownloadProgress?: (p: DownloadProgress) => void;
  fetch?: HttpFetch;
  signal?: AbortSignal;
  /** --source github: the hashes its shards must match (tests; the shipped table by default). */
  table?: ShardHashTable;
  stallMs?: number;
}

export async function runWeightsTool(args: Omit<WeightsArgs, "help">, io: WeightsIo): Promise<ConvertReport> {
  checkOutFolder(args.out); // before any download: a bad --out is found at once
  const { layers, source } = args.from ? await readLocal(args.from) : args.source === "github" ? await github(args, io) : await download(args, io);
  io.log(`Read ${layers.size} conv layers from ${source}.`);
  return convertSource(layers, { out: args.out, dtype: args.dtype, source: `${source}; ${VGG_CREDIT}`, log: io.log });
}

async function readLocal(from: string): Promise<{ layers: LayerSource; source: string }> {
  let isDir: boolean;
  try {
    isDir = statSync(from).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") throw new RestyleError("weights-corrupt", `${printable(from)} is a symbolic link loop.`, from);
    throw new RestyleError("weights-missing", `There is no file or folder ${printable(from)}.`, from);
  }
  if (isDir) {
    const layers = readRawDir(from);
    if (!layers.size) throw new RestyleError("weights-missing", `${printable(from)} holds no per-layer weight files (block1_conv1.bin …).`, from);
    return { layers, source: `raw per-layer float32 files (${from})` };
  }
  return { layers: await readKerasFile(from), source: `Keras weights file ${from}` };
}

async function download(args: Omit<WeightsArgs, "help">, io: WeightsIo): Promise<{ layers: LayerSource; source: string }> {
  const dest = join(args.out, "download", KERAS_FILE);
  io.log(`Downloading ${args.url}`);
  await downloadFile({ url: args.url, dest, md5: args.md5, fetch: io.fetch, onProgress: io.onDownloadProgress, signal: io.signal });
  io.log(`md5 ${args.md5} verified → ${dest}`);
  return { layers: await readKerasFile(dest), source: `${KERAS_FILE} (md5 ${args.md5})` };
}

async function github(args: Omit<WeightsArgs, "help">, io: WeightsIo): Promise<{ layers: LayerSource; source: string }> {
  const baseUrl = args.url === KERAS_URL ? PINNED_BASE_URL : args.url;
  io.log(`Downloading the Full preset's shards from ${baseUrl}`);
  const started = Date.now();
  return readGithubSource({
    baseUrl,
    out: args.out,
    table: io.table,
    stallMs: io.stallMs,
    fetch: io.fetch ? (u, init) => io.fetch!(u, init ?? {}) : undefined,
    log: io.log,
    signal: io.signal,
    onProgress: (received, total) => io.onDownloadProgress?.({ received, total, fetched: received, elapsedMs: Date.now() - started }),
  });
}

/**
 * Node: `npm run weights -- --source github`: the pinned TensorFlow.js layers model, the same
 * files and the same checks as the panel's Full download (only the groups the Full preset needs,
 * each shard against the shipped git SHA-1 table). Resumable: every verified shard is kept in
 * <out>/download/github/ (written atomically) and re-verified, not fetched, by the next run.
 * That folder is also a self-hostable copy: serve it and build with RESTYLE_WEIGHTS_URL=<its URL>.
 */
import { mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { VGG19_LAYERS } from "../../engine/layers";
import { downloadLayersModel, type ShardStore } from "../core/download-layers-model";
import type { FetchLike } from "../core/load-from-url";
import { layersModelGroups, presetLayerNames } from "../core/parse-layers-model";
import { LAYERS_MODEL_FILE, PINNED_SHARDS, type ShardHashTable } from "../core/pinned-source";
import { atomicWrite } from "../../kit/node/atomic-write";
import { readBoundedFile } from "./read-bounded-file";
import { checkLayerArrays, type LayerSource } from "../core/layer-source";
import { concatBytes } from "../../kit/concat-bytes";

export interface GithubSourceOptions {
  baseUrl: string;
  out: string;
  /** Conv layers to fetch (the Full preset's by default). */
  layers?: readonly string[];
  table?: ShardHashTable;
  fetch?: FetchLike;
  stallMs?: number;
  log: (line: string) => void;
  onProgress?: (loaded: number, total: number, etaMs?: number) => void;
  signal?: AbortSignal;
}

export function githubDownloadDir(out: string): string {
  return join(out, "download", "github");
}

export async function readGithubSource(opts: GithubSourceOptions): Promise<{ layers: LayerSource; source: string }> {
  const dir = githubDownloadDir(opts.out);
  mkdirSync(dir, { recursive: true });
  const table = opts.table ?? PINNED_SHARDS;
  const files = await downloadLayersModel({
    baseUrl: opts.baseUrl.endsWith("/") ? opts.baseUrl : opts.baseUrl + "/",
    table,
    layers: opts.layers ?? presetLayerNames("full"),
    fetch: opts.fetch,
    stallMs: opts.stallMs,
    store: folderStore(dir, table),
    onProgress: opts.onProgress,
    onNotice: opts.log,
    signal: opts.signal,
  });
  await atomicWrite(join(dir, LAYERS_MODEL_FILE), files.get(LAYERS_MODEL_FILE)!);
  return { layers: layersOf(files, table), source: `${opts.baseUrl} (TensorFlow.js layers model, git SHA-1 verified)` };
}

/**
 * Verified shards as files named after their path; the downloader re-verifies what it reads. A kept
 * file is read only if it is a regular file, and at most its pinned size + 1: anything else there
 * (a FIFO, a link to a device) counts as absent and is fetched again, the download replacing it.
 */
function folderStore(dir: string, table: ShardHashTable): ShardStore {
  const name = (key: string) => new URL(key).pathname.split("/").pop()!;
  const file = (key: string) => join(dir, name(key));
  return {
    async get(key) {
      const bytes = table.get(name(key))?.bytes;
      if (bytes === undefined) return undefined;
      return readBoundedFile(file(key), bytes, { what: "The kept shard" }).catch(() => undefined);
    },
    put: (key, bytes) => atomicWrite(file(key), bytes),
    delete: (key) => rm(file(key), { force: true }),
  };
}

/** The downloaded groups as float32 kernel + bias per layer (a group's shards concatenated). */
function layersOf(files: ReadonlyMap<string, Uint8Array>, table: ShardHashTable): LayerSource {
  const json: unknown = JSON.parse(new TextDecoder().decode(files.get(LAYERS_MODEL_FILE)!));
  const out: LayerSource = new Map();
  for (const g of layersModelGroups(json, table)) {
    if (!g.paths.every((p) => files.has(p))) continue;
    const all = concatBytes(g.paths.map((p) => files.get(p)!));
    const l = VGG19_LAYERS.find((x) => x.name === g.layer)!;
    const floats = new Float32Array(all.buffer, 0, all.length / 4);
    const k = 9 * l.inChannels * l.outChannels;
    if (floats.length !== k + l.outChannels) throw new RestyleError("weights-corrupt", `The downloaded ${g.layer} has ${floats.length} values instead of ${k + l.outChannels}.`, g.layer);
    const arrays = { kernel: floats.subarray(0, k), bias: floats.subarray(k) };
    checkLayerArrays(g.layer, arrays, LAYERS_MODEL_FILE);
    out.set(g.layer, arrays);
  }
  return out;
}

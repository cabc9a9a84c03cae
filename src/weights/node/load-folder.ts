/**
 * Node: weights from a folder in either layout loadWeightsFromFiles accepts — Restyle's own
 * (manifest.json + .bin, as in weights/full) or the pinned layers model (model.json + group shards,
 * as `npm run weights -- --source github` keeps in weights/download/github), checked the same way.
 * Only the files the manifest names are read, each at most its declared size + 1 and only if it is
 * a regular file (read-bounded-file): a FIFO, a device or a huge stray file cannot hang or flood it.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { loadWeightsFromFiles, manifestOfFiles, type LoadFromFilesOptions } from "../core/load-from-files";
import { MANIFEST_FILE } from "../core/manifest";
import { LAYERS_MODEL_FILE } from "../core/pinned-source";
import type { VggWeights } from "../../engine/vgg-weights";
import { readBoundedFile } from "./read-bounded-file";
import { messageOf } from "../../kit/message-of";
import { printable } from "../../kit/printable";

/** A manifest or model.json lists a few dozen groups: far under this. */
const MAX_MANIFEST_BYTES = 1 << 20;

export async function loadWeightsFromFolder(dir: string, opts: LoadFromFilesOptions = {}): Promise<VggWeights> {
  let names: string[];
  try {
    // Every entry counts (a link, a FIFO, a folder): what a needed name is gets checked when it is read.
    names = (await readdir(dir)).filter((n) => !n.startsWith("."));
  } catch (e) {
    throw new RestyleError("weights-missing", `There is no weights folder ${printable(dir)}; run \`npm run weights\`.`, messageOf(e));
  }
  // The manifest first (either layout), with the other names present but unread, to learn what to read and how much.
  const files = new Map<string, Uint8Array>(names.map((n) => [n, new Uint8Array(0)]));
  for (const n of [MANIFEST_FILE, LAYERS_MODEL_FILE].filter((m) => files.has(m))) {
    files.set(n, await readBoundedFile(join(dir, n), MAX_MANIFEST_BYTES, { what: "The weights manifest" }));
  }
  const manifest = manifestOfFiles(files, opts.shardTable);
  const wanted = new Set(opts.layers ?? manifest.layers);
  for (const g of manifest.weightsManifest) {
    if (!g.weights.some((w) => wanted.has(w.name.split("/")[0]))) continue;
    for (const [i, path] of g.paths.entries()) {
      if (files.has(path)) files.set(path, await readBoundedFile(join(dir, path), g.bytes[i], { what: "The weights file", signal: opts.signal }));
    }
  }
  return loadWeightsFromFiles(files, opts);
}

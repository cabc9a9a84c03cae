/**
 * Node: weights from a folder in either layout loadWeightsFromFiles accepts — Restyle's own
 * (manifest.json + .bin, as in weights/full) or the pinned layers model (model.json + group shards,
 * as `npm run weights -- --source github` keeps in weights/download/github), checked the same way.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { loadWeightsFromFiles, type LoadFromFilesOptions } from "../core/load-from-files";
import type { VggWeights } from "../../engine/vgg-weights";
import { messageOf } from "../../kit/message-of";

export async function loadWeightsFromFolder(dir: string, opts: LoadFromFilesOptions = {}): Promise<VggWeights> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name);
  } catch (e) {
    throw new RestyleError("weights-missing", `There is no weights folder ${dir}; run \`npm run weights\`.`, messageOf(e));
  }
  const files = new Map<string, Uint8Array>();
  for (const n of names) files.set(n, new Uint8Array(await readFile(join(dir, n))));
  return loadWeightsFromFiles(files, opts);
}

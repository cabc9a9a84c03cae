/**
 * Weights from a file set: what the user picked ("Load weights…") or what the page downloaded.
 * Two layouts: Restyle's own (manifest.json + .bin shards with their sha256), or the pinned
 * TensorFlow.js layers model (model.json + group shards, checked against the git SHA-1 table that
 * ships in the product). Folders do not survive a file picker, so only the last path segment is matched.
 */
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { loadWeights, type LoadWeightsOptions } from "./load-weights";
import { MANIFEST_FILE, type WeightsManifest } from "./manifest";
import { parseLayersModel } from "./parse-layers-model";
import { parseManifest } from "./parse-manifest";
import { LAYERS_MODEL_FILE, PINNED_SHARDS, type ShardHashTable } from "./pinned-source";
import type { VggWeights } from "../../engine/vgg-weights";

export interface LoadFromFilesOptions extends LoadWeightsOptions {
  /** Hashes a layers model's shards must match (default: the pinned public copy's). */
  shardTable?: ShardHashTable;
}

export async function loadWeightsFromFiles(files: ReadonlyMap<string, Uint8Array>, opts: LoadFromFilesOptions = {}): Promise<VggWeights> {
  const byName = bareNames(files);
  return loadWeights(
    manifestOfFiles(byName, opts.shardTable),
    async (path) => {
      const bytes = byName.get(path);
      if (!bytes) throw new RestyleError("weights-missing", `The picked files lack ${path}; pick every .bin file next to manifest.json.`, path);
      return bytes;
    },
    opts,
  );
}

/** The preset a file set serves (either layout), checked as loadWeightsFromFiles checks it. */
export function presetOfFiles(files: ReadonlyMap<string, Uint8Array>, shardTable?: ShardHashTable): PresetName {
  return manifestOfFiles(bareNames(files), shardTable).preset;
}

function bareNames(files: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  return new Map([...files].map(([name, bytes]) => [name.slice(name.lastIndexOf("/") + 1), bytes]));
}

/** The manifest a file set describes (either layout), checked; throws what the user should do. */
export function manifestOfFiles(byName: ReadonlyMap<string, Uint8Array>, shardTable: ShardHashTable = PINNED_SHARDS): WeightsManifest {
  const mf = byName.get(MANIFEST_FILE);
  const lm = mf ? undefined : byName.get(LAYERS_MODEL_FILE);
  if (!mf && !lm) throw new RestyleError("weights-missing", "Pick the weights' manifest.json together with its .bin files.", [...byName.keys()].join(", "));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(mf ?? lm));
  } catch (e) {
    throw new RestyleError("weights-corrupt", `The picked ${mf ? MANIFEST_FILE : LAYERS_MODEL_FILE} is not valid JSON.`, String(e));
  }
  return mf ? parseManifest(json) : parseLayersModel(json, shardTable, (p) => byName.has(p));
}

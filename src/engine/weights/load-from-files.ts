/**
 * Weights from files the user picked ("Load weights…"): manifest.json plus its shards, by file name.
 * Folders do not survive a file picker, so only the last path segment is matched.
 */
import { RestyleError } from "../errors";
import { loadWeights, type LoadWeightsOptions } from "./load-weights";
import { MANIFEST_FILE } from "./manifest";
import { parseManifest } from "./parse-manifest";
import type { VggWeights } from "./vgg-weights";

export async function loadWeightsFromFiles(files: ReadonlyMap<string, Uint8Array>, opts: LoadWeightsOptions = {}): Promise<VggWeights> {
  const byName = new Map([...files].map(([name, bytes]) => [name.slice(name.lastIndexOf("/") + 1), bytes]));
  const mf = byName.get(MANIFEST_FILE);
  if (!mf) throw new RestyleError("weights-missing", "Pick the weights' manifest.json together with its .bin files.", [...byName.keys()].join(", "));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(mf));
  } catch (e) {
    throw new RestyleError("weights-corrupt", "The picked manifest.json is not valid JSON.", String(e));
  }
  return loadWeights(
    parseManifest(json),
    async (path) => {
      const bytes = byName.get(path);
      if (!bytes) throw new RestyleError("weights-missing", `The picked files lack ${path}; pick every .bin file next to manifest.json.`, path);
      return bytes;
    },
    opts,
  );
}

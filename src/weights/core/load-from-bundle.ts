/**
 * Weights inlined into the page at build time (build/lite-weights.mjs): the manifest plus each shard
 * as base64. Goes through the same checks as a download, so a damaged build cannot slip through.
 */
import { RestyleError } from "../../engine/errors";
import { decodeBase64 } from "./base64";
import { loadWeights, type LoadWeightsOptions } from "./load-weights";
import { parseManifest } from "./parse-manifest";
import type { VggWeights } from "../../engine/vgg-weights";

export interface WeightsBundle {
  manifest: unknown;
  /** Shard path → base64 bytes. */
  shards: Record<string, string>;
}

export async function loadWeightsFromBundle(bundle: WeightsBundle, opts: LoadWeightsOptions = {}): Promise<VggWeights> {
  const manifest = parseManifest(bundle.manifest);
  return loadWeights(
    manifest,
    async (path) => {
      const text = Object.prototype.hasOwnProperty.call(bundle.shards, path) ? bundle.shards[path] : undefined;
      if (text === undefined) throw new RestyleError("weights-missing", `The built-in weights lack ${path}; rebuild the plugin after \`npm run weights\`.`, path);
      try {
        return decodeBase64(text);
      } catch (e) {
        throw new RestyleError("weights-corrupt", `The built-in weights file ${path} is damaged; rebuild the plugin.`, String(e));
      }
    },
    opts,
  );
}

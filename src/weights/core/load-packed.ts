/**
 * A packed preset straight into tensors, without touching a disk: how a page turns a picked Keras
 * .h5 (read with h5wasm's browser build, then readKerasLayers + packPreset) into weights.
 */
import { loadWeights, type LoadWeightsOptions } from "./load-weights";
import type { VggWeights } from "../../engine/vgg-weights";
import type { PackedPreset } from "./pack-preset";

export function loadPacked(packed: PackedPreset, opts: LoadWeightsOptions = {}): Promise<VggWeights> {
  return loadWeights(
    packed.manifest,
    async (path) => {
      const bytes = packed.files.get(path);
      if (!bytes) throw new Error(`packed preset lacks ${path}`);
      return bytes;
    },
    opts,
  );
}

/**
 * A Keras VGG19 .h5 picked in "Load weights…", converted in the page exactly as
 * `npm run weights -- --from FILE.h5` converts it (the same reader and packer, float16), into a file
 * set `loadWeightsFromFiles` accepts: the Full preset when the file has conv1_1…conv5_1, else Lite.
 */
import { DEFAULT_WEIGHTS_DTYPE } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import { MANIFEST_FILE } from "../core/manifest";
import { presetLayerNames } from "../core/parse-layers-model";
import { VGG_CREDIT } from "../core/keras-source";
import { packPreset } from "../core/pack-preset";
import { readKerasLayers, startsWithHdf5Signature } from "../core/read-keras-h5";
import type { WeightFiles } from "./full-weights";
import type { H5wasm } from "./h5wasm-loader";


export async function convertKerasH5(name: string, bytes: Uint8Array, h5: H5wasm): Promise<WeightFiles> {
  if (!startsWithHdf5Signature(bytes)) {
    throw new RestyleError("weights-corrupt", `${name} is not an HDF5 file; pick the Keras VGG19 weights file (…_tf_kernels_notop.h5).`, name);
  }
  const mod = await h5.ready;
  const path = `/restyle-${Date.now()}-${Math.random().toString(36).slice(2)}.h5`;
  mod.FS.writeFile(path, bytes);
  let f: InstanceType<H5wasm["File"]> | null = null;
  try {
    f = new h5.File(path, "r");
    const layers = readKerasLayers(f, name);
    const preset = presetLayerNames("full").every((l) => layers.has(l)) ? "full" : presetLayerNames("lite").every((l) => layers.has(l)) ? "lite" : null;
    if (!preset) {
      const missing = presetLayerNames("lite").filter((l) => !layers.has(l));
      throw new RestyleError("weights-missing", `${name} lacks ${missing.join(", ")}; pick the Keras VGG19 weights file.`, missing.join(","));
    }
    const packed = await packPreset(preset, presetLayerNames(preset), layers, DEFAULT_WEIGHTS_DTYPE, `Keras weights file ${name} (converted in the panel); ${VGG_CREDIT}`);
    return new Map([[MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(packed.manifest))], ...packed.files]);
  } catch (e) {
    if (e instanceof RestyleError) throw e;
    throw new RestyleError("weights-corrupt", `${name} could not be read as a Keras weights file; download it again.`, e instanceof Error ? e.message : String(e));
  } finally {
    f?.close();
    try {
      mod.FS.unlink(path);
    } catch {
      // already gone
    }
  }
}

/**
 * Reads VGG19 conv weights out of an open Keras HDF5 weights file (h5wasm does the HDF5).
 * Two layouts exist in the wild, both handled:
 *  - Keras 1 (the published vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5):
 *    /block1_conv1/block1_conv1_W_1:0 and /block1_conv1/block1_conv1_b_1:0
 *  - Keras 2 (h5py `save_weights`): /block1_conv1/block1_conv1/kernel:0 and …/bias:0
 * Each layer group's `weight_names` attribute lists its datasets when present; otherwise every
 * dataset under the group is considered. The kernel is the rank-4 dataset, the bias the rank-1 one.
 * Host-agnostic: works with the Node and the browser builds of h5wasm.
 */
import type { Dataset, Group } from "h5wasm";
import { VGG19_LAYERS } from "../../engine/layers";
import { RestyleError } from "../../engine/errors";
import { checkLayerArrays, type LayerSource } from "./layer-source";

/** HDF5's superblock signature: at offset 0 in a Keras file, or at a power of two ≥ 512 after a user block. */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when these bytes start with the HDF5 signature (checked before h5wasm, whose own failure says little). */
export function startsWithHdf5Signature(bytes: ArrayLike<number>): boolean {
  return HDF5_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function readKerasLayers(root: Group, where: string): LayerSource {
  const out: LayerSource = new Map();
  for (const l of VGG19_LAYERS) {
    const g = root.get(l.keras);
    if (!isGroup(g)) continue;
    const datasets = datasetNames(g).map((n) => g.get(n)).filter(isDataset);
    const kernel = datasets.find((d) => d.shape?.length === 4);
    const bias = datasets.find((d) => d.shape?.length === 1);
    if (!kernel || !bias) continue;
    const want = [3, 3, l.inChannels, l.outChannels];
    if (!sameShape(kernel.shape ?? [], want)) {
      throw new RestyleError(
        "weights-corrupt",
        `${where}: ${l.keras}'s kernel has shape [${kernel.shape}] instead of [${want}]; use the TensorFlow-ordering Keras file (…_tf_dim_ordering_tf_kernels_notop.h5).`,
        l.keras,
      );
    }
    const arrays = { kernel: toFloat32(kernel), bias: toFloat32(bias) };
    checkLayerArrays(l.name, arrays, where);
    out.set(l.name, arrays);
  }
  return out;
}

function datasetNames(g: Group): string[] {
  const attr = g.attrs["weight_names"];
  const listed = attr ? attr.value : null;
  if (Array.isArray(listed) && listed.every((n) => typeof n === "string")) return listed as string[];
  // No attribute: every dataset below the group (paths() lists nested ones too).
  return g.paths().filter((p) => isDataset(g.get(p)));
}

function toFloat32(d: Dataset): Float32Array {
  const v = d.value;
  if (v instanceof Float32Array) return v;
  if (v instanceof Float64Array) return Float32Array.from(v);
  throw new RestyleError("weights-corrupt", `The dataset ${d.path} is not floating point.`, d.path);
}

function isGroup(x: unknown): x is Group {
  return typeof x === "object" && x !== null && (x as { type?: unknown }).type === "Group";
}

function isDataset(x: unknown): x is Dataset {
  return typeof x === "object" && x !== null && (x as { type?: unknown }).type === "Dataset";
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Weights read from any source (Keras .h5, raw directory) before packing: plain float32 arrays per layer. */
import { RestyleError } from "../../engine/errors";
import { kernelShape, layerByName } from "../../engine/layers";

export interface LayerArrays {
  /** [3, 3, in, out] HWIO, row-major. */
  kernel: Float32Array;
  bias: Float32Array;
}

/** conv layer name (conv1_1 …) → arrays. Only layers the source really has. */
export type LayerSource = Map<string, LayerArrays>;

/** Refuses arrays of the wrong length or with non-finite values, naming the layer and the source. */
export function checkLayerArrays(layer: string, a: LayerArrays, where: string): void {
  const l = layerByName(layer);
  const k = kernelShape(l).reduce((x, y) => x * y, 1);
  if (a.kernel.length !== k || a.bias.length !== l.outChannels) {
    throw new RestyleError(
      "weights-corrupt",
      `${where}: ${layer} has ${a.kernel.length} kernel and ${a.bias.length} bias values instead of ${k} and ${l.outChannels}; it is not VGG19.`,
      layer,
    );
  }
  const bad = firstNonFinite(a.kernel) >= 0 ? "kernel" : firstNonFinite(a.bias) >= 0 ? "bias" : null;
  if (bad) throw new RestyleError("weights-corrupt", `${where}: the ${layer} ${bad} contains non-finite values.`, `${layer}/${bad}`);
}

function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

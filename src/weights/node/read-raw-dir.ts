/**
 * Node: the raw per-layer layout of ../shared/vgg19: <keras name>.bin = little-endian float32 kernel
 * [3,3,in,out] (HWIO) immediately followed by the bias [out]. Layers whose file is absent are
 * simply not in the result; a file of the wrong size is an error naming it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { kernelShape, VGG19_LAYERS } from "../../engine/layers";
import { checkLayerArrays, type LayerSource } from "../core/layer-source";

export function readRawDir(dir: string): LayerSource {
  const out: LayerSource = new Map();
  for (const l of VGG19_LAYERS) {
    const file = join(dir, `${l.keras}.bin`);
    if (!existsSync(file)) continue;
    const buf = readFileSync(file);
    const k = kernelShape(l).reduce((a, b) => a * b, 1);
    const want = (k + l.outChannels) * 4;
    if (buf.length !== want) {
      throw new RestyleError("weights-corrupt", `${file} has ${buf.length} bytes instead of ${want}; copy it again.`, file);
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const all = new Float32Array(k + l.outChannels);
    for (let i = 0; i < all.length; i++) all[i] = dv.getFloat32(i * 4, true);
    const arrays = { kernel: all.subarray(0, k), bias: all.subarray(k) };
    checkLayerArrays(l.name, arrays, file);
    out.set(l.name, arrays);
  }
  return out;
}

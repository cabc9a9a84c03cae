/**
 * Node: the raw per-layer layout of ../shared/vgg19: <keras name>.bin = little-endian float32 kernel
 * [3,3,in,out] (HWIO) immediately followed by the bias [out]. Layers whose file is absent are
 * simply not in the result; a file of the wrong size, one that is not a regular file (read at most
 * its size + 1, never a FIFO or a device), or one whose bytes are not the pinned copy of that layer
 * is an error naming it.
 */
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { kernelShape, VGG19_LAYERS } from "../../engine/layers";
import { readBoundedFileSync } from "./read-bounded-file";
import { printable } from "../../kit/printable";
import { checkLayerArrays, type LayerSource } from "../core/layer-source";
import { checkPinnedLayer } from "./pinned-layer-check";

/** The file's bytes, or null when there is no such file. */
function readLayerFile(file: string, want: number): Uint8Array | null {
  try {
    return readBoundedFileSync(file, want, { what: "The layer file" });
  } catch (e) {
    if (e instanceof RestyleError) throw e;
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export function readRawDir(dir: string): LayerSource {
  const out: LayerSource = new Map();
  for (const l of VGG19_LAYERS) {
    const file = join(dir, `${l.keras}.bin`);
    const k = kernelShape(l).reduce((a, b) => a * b, 1);
    const want = (k + l.outChannels) * 4;
    const buf = readLayerFile(file, want);
    if (!buf) continue;
    if (buf.length !== want) {
      throw new RestyleError("weights-corrupt", `${printable(file)} has ${buf.length} bytes instead of ${want}; copy it again.`, file);
    }
    checkPinnedLayer(l.keras, buf, file);
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const all = new Float32Array(k + l.outChannels);
    for (let i = 0; i < all.length; i++) all[i] = dv.getFloat32(i * 4, true);
    const arrays = { kernel: all.subarray(0, k), bias: all.subarray(k) };
    checkLayerArrays(l.name, arrays, file);
    out.set(l.name, arrays);
  }
  return out;
}

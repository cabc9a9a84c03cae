/**
 * Stores a float32 tensor as float32, float16 or uint8 in the tfjs weights convention
 * (uint8: value ≈ q · scale + min, one min/scale per tensor), little-endian bytes.
 */
import type { WeightDtype, WeightEntry } from "./manifest";
import { toFloat16Array } from "./float16";

export interface Quantised {
  bytes: Uint8Array;
  quantization?: WeightEntry["quantization"];
}

export function quantise(values: Float32Array, dtype: WeightDtype): Quantised {
  if (dtype === "float32") return { bytes: littleEndianBytes(Float32Array.from(values)) };
  if (dtype === "float16") return { bytes: littleEndianBytes(toFloat16Array(values)), quantization: { dtype: "float16" } };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // A constant tensor still needs a non-zero scale for the decoder's arithmetic to be exact.
  const scale = max > min ? (max - min) / 255 : 1;
  const q = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.round((values[i] - min) / scale);
  return { bytes: q, quantization: { dtype: "uint8", min, scale } };
}

/** What the loader will decode `quantise` back to (for measuring the error without tfjs). */
export function dequantise(q: Quantised, length: number): Float32Array {
  const dt = q.quantization?.dtype ?? "float32";
  const dv = new DataView(q.bytes.buffer, q.bytes.byteOffset, q.bytes.byteLength);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    if (dt === "float32") out[i] = dv.getFloat32(i * 4, true);
    else if (dt === "float16") out[i] = fromFloat16Bits(dv.getUint16(i * 2, true));
    else out[i] = q.bytes[i] * q.quantization!.scale! + q.quantization!.min!;
  }
  return out;
}

export function fromFloat16Bits(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Typed-array bytes in little-endian order whatever the machine (all current ones are LE already). */
function littleEndianBytes(a: Float32Array | Uint16Array): Uint8Array {
  const out = new Uint8Array(a.length * a.BYTES_PER_ELEMENT);
  const dv = new DataView(out.buffer);
  if (a instanceof Float32Array) a.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  else a.forEach((v, i) => dv.setUint16(i * 2, v, true));
  return out;
}

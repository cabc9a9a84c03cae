/**
 * The one resampler every change of size goes through (inputs, styles, scale to scale, output):
 * separable, PIL's way. Each output sample is a weighted sum of the input samples under a filter
 * whose support widens with the reduction (stretched by the scale factor), so detail finer than the
 * new Nyquist frequency is averaged away rather than folded back as moiré; enlarging, the filter
 * keeps its own width (plain bicubic interpolation, sharper than bilinear).
 *
 * Each axis is a short loop over the filter's taps: gather the input rows (or columns) of tap k,
 * weight them, add. That is K gathers of the output's size (K ≈ 4·scale), not a dense matrix the
 * size of input × output, so a 4000 px photo reduced to 512 stays cheap on every backend.
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * Keys' cubic with a = −0.5 (PIL's BICUBIC). Measured on a zone plate reduced 512 → 200
 * (test/engine/resample.test.ts): the mean |p − 127.5| above the new Nyquist frequency is 6.7 (3.5
 * from 1.25× it), a box (area) average 15 (12), the bilinear it replaced 52. Lanczos3 gave 5.6 for
 * half as many taps again: not worth its ringing.
 */
const SUPPORT = 2;
function cubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** One axis's taps: K rows of (input index, weight) per output sample, weights summing to 1. */
export interface AxisTaps {
  taps: number;
  /** [taps][outSize] input indices (in range; a padding tap has weight 0). */
  index: Int32Array[];
  weight: Float32Array[];
}

/** The weights of resampling `inSize` samples to `outSize` (PIL's precompute_coeffs). */
export function axisTaps(inSize: number, outSize: number): AxisTaps {
  const scale = inSize / outSize;
  const stretch = Math.max(scale, 1);
  const support = SUPPORT * stretch;
  const rows: Array<{ first: number; w: number[] }> = [];
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const last = Math.min(Math.trunc(center + support + 0.5), inSize);
    const w: number[] = [];
    for (let i = first; i < last; i++) w.push(cubic((i - center + 0.5) / stretch));
    const sum = w.reduce((a, b) => a + b, 0);
    rows.push({ first, w: w.map((v) => (sum !== 0 ? v / sum : 0)) });
  }
  const taps = Math.max(1, ...rows.map((r) => r.w.length));
  const index = Array.from({ length: taps }, () => new Int32Array(outSize));
  const weight = Array.from({ length: taps }, () => new Float32Array(outSize));
  rows.forEach(({ first, w }, o) => {
    for (let k = 0; k < taps; k++) {
      index[k][o] = Math.min(inSize - 1, first + k);
      weight[k][o] = k < w.length ? w[k] : 0;
    }
  });
  return { taps, index, weight };
}

/** Resamples one axis (1 = rows, 2 = columns) of [1, H, W, C] to `outSize`. */
function resampleAxis(x: tf.Tensor4D, axis: 1 | 2, outSize: number): tf.Tensor4D {
  if (x.shape[axis] === outSize) return x.clone();
  const t = axisTaps(x.shape[axis], outSize);
  const shape: [number, number, number, number] = axis === 1 ? [1, outSize, 1, 1] : [1, 1, outSize, 1];
  return tf.tidy(() => {
    let sum: tf.Tensor4D | null = null;
    for (let k = 0; k < t.taps; k++) {
      const term = tf.mul(tf.gather(x, tf.tensor1d(t.index[k], "int32"), axis), tf.tensor4d(t.weight[k], shape)) as tf.Tensor4D;
      sum = sum ? (tf.add(sum, term) as tf.Tensor4D) : term;
    }
    return sum!;
  });
}

/** [1, H, W, C] → [1, h, w, C], the reducing axis first (fewer samples for the second pass to read). */
export function resample(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  return tf.tidy(() => {
    if (h / H <= w / W) return resampleAxis(resampleAxis(x, 1, h), 2, w);
    return resampleAxis(resampleAxis(x, 2, w), 1, h);
  });
}

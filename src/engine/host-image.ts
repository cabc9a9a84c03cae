/**
 * The run's whole pictures on the host, for runs that paint a scale with its state there
 * (host-tiled-objective.ts): at 4096 px one RGB picture is 134 MB, so the content, its alpha and
 * each scale's start image stay Float32Arrays and only small scales and single tiles reach the
 * device. Each function is the tensor version's arithmetic (pixels.ts, resample.ts, color.ts) as a
 * plain loop, and the tests hold them to it.
 */
import { RGB_TO_YIQ, YIQ_TO_RGB } from "./color";
import { axisTaps } from "./resample";
import type { RgbaImage } from "./types";

/** A picture on the host: `channels` floats a pixel (3 for RGB 0–255, 1 for alpha), row-major. */
export interface HostImage {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

/** RGB 0–255 composited over white (pixels.ts rgbaToRgbTensor). */
export function hostRgb(img: RgbaImage): HostImage {
  const n = img.width * img.height;
  const data = new Float32Array(n * 3);
  for (let p = 0; p < n; p++) {
    const a = img.data[p * 4 + 3] / 255;
    for (let c = 0; c < 3; c++) data[p * 3 + c] = img.data[p * 4 + c] * a + (1 - a) * 255;
  }
  return { width: img.width, height: img.height, channels: 3, data };
}

/** The alpha channel, 0–255 (pixels.ts alphaTensor). */
export function hostAlpha(img: RgbaImage): HostImage {
  const n = img.width * img.height;
  const data = new Float32Array(n);
  for (let p = 0; p < n; p++) data[p] = img.data[p * 4 + 3];
  return { width: img.width, height: img.height, channels: 1, data };
}

/** One axis of the engine's resampler (resample.ts) to `outSize`: rows when `alongRows`, else columns. */
function resampleAxis(img: HostImage, alongRows: boolean, outSize: number): HostImage {
  const { width, height, channels: C } = img;
  const inSize = alongRows ? height : width;
  if (inSize === outSize) return img;
  const t = axisTaps(inSize, outSize);
  const [w, h] = alongRows ? [width, outSize] : [outSize, height];
  const data = new Float32Array(w * h * C);
  const rowLen = width * C;
  for (let k = 0; k < t.taps; k++) {
    const index = t.index[k];
    const weight = t.weight[k];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const [o, i] = alongRows ? [y, x] : [x, y];
        const wt = weight[o];
        const from = alongRows ? index[o] * rowLen + i * C : i * rowLen + index[o] * C;
        const to = (y * w + x) * C;
        for (let c = 0; c < C; c++) data[to + c] += wt * img.data[from + c];
      }
    }
  }
  return { width: w, height: h, channels: C, data };
}

/** Resizes to w × h with the engine's one resampler, the reducing axis first, clipped to 0–255 (pixels.ts resize). */
export function hostResize(img: HostImage, w: number, h: number): HostImage {
  if (img.width === w && img.height === h) return { ...img, data: img.data.slice() };
  const rowsFirst = h / img.height <= w / img.width;
  const out = rowsFirst ? resampleAxis(resampleAxis(img, true, h), false, w) : resampleAxis(resampleAxis(img, false, w), true, h);
  for (let i = 0; i < out.data.length; i++) out.data[i] = Math.min(255, Math.max(0, out.data[i]));
  return out;
}

/** Luminance as a grey RGB picture (color.ts luminanceRgb). */
export function hostLuminanceRgb(img: HostImage): HostImage {
  const [r, g, b] = RGB_TO_YIQ[0];
  const data = new Float32Array(img.data.length);
  for (let p = 0; p < data.length; p += 3) {
    const y = r * img.data[p] + g * img.data[p + 1] + b * img.data[p + 2];
    data[p] = data[p + 1] = data[p + 2] = y;
  }
  return { ...img, data };
}

/** The mean and variance of a picture's values (tf.moments over every value). */
export function hostMoments(img: HostImage): { mean: number; variance: number } {
  let sum = 0;
  for (const v of img.data) sum += v;
  const mean = sum / img.data.length;
  let sq = 0;
  for (const v of img.data) sq += (v - mean) ** 2;
  return { mean, variance: sq / img.data.length };
}

/** A grey style picture shifted and scaled to the content's luminance moments, clipped to 0–255 (color.ts matchLuminance). */
export function hostMatchLuminance(grey: HostImage, content: { mean: number; variance: number }): HostImage {
  const s = hostMoments(grey);
  const scale = Math.sqrt(content.variance) / (Math.sqrt(s.variance) + 1e-6);
  const data = new Float32Array(grey.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, Math.max(0, (grey.data[i] - s.mean) * scale + content.mean));
  return { ...grey, data };
}

/** The luminance of `result` with the chrominance of `content`, clipped to 0–255 (color.ts recombineColors). */
export function hostRecombineColors(result: HostImage, content: HostImage): HostImage {
  const data = new Float32Array(result.data.length);
  const yiq = (src: Float32Array, p: number, row: number) => RGB_TO_YIQ[row][0] * src[p] + RGB_TO_YIQ[row][1] * src[p + 1] + RGB_TO_YIQ[row][2] * src[p + 2];
  for (let p = 0; p < data.length; p += 3) {
    const q = [yiq(result.data, p, 0), yiq(content.data, p, 1), yiq(content.data, p, 2)];
    for (let c = 0; c < 3; c++) {
      const v = YIQ_TO_RGB[c][0] * q[0] + YIQ_TO_RGB[c][1] * q[1] + YIQ_TO_RGB[c][2] * q[2];
      data[p + c] = Math.min(255, Math.max(0, v));
    }
  }
  return { ...result, data };
}

/** Half to even, as tf.round. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** RGBA bytes from an RGB picture, alpha from `alpha` or opaque (pixels.ts rgbTensorToRgba). */
export function hostToRgba(rgb: HostImage, alpha?: HostImage): RgbaImage {
  const n = rgb.width * rgb.height;
  const data = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = roundHalfEven(Math.min(255, Math.max(0, rgb.data[p * 3 + c])));
    data[p * 4 + 3] = alpha ? roundHalfEven(Math.min(255, Math.max(0, alpha.data[p]))) : 255;
  }
  return { width: rgb.width, height: rgb.height, data };
}

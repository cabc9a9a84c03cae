/**
 * Whether a layer is (almost) a plain colour, judged from a small preview of it: a layer with no
 * texture is never a sensible style (a white Background teaches the network nothing but white).
 */
import type { RgbaImage } from "../../engine/types";

/** Standard deviation of luma (0–255) below which a layer counts as plain. */
export const PLAIN_LUMA_STD = 4;

/** Luma standard deviation over the preview's visible pixels (alpha ≥ 128); 0 when none is visible. */
export function lumaStd(img: RgbaImage): number {
  const d = img.data;
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i + 3 < d.length; i += 4) {
    if (d[i + 3] < 128) continue;
    const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    n += 1;
    sum += y;
    sq += y * y;
  }
  if (!n) return 0;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}

export function isPlain(img: RgbaImage): boolean {
  return lumaStd(img) < PLAIN_LUMA_STD;
}

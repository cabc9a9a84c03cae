/**
 * Shrinks a decoded image on its bytes, before any tensor is made, to what a run needs of it. The
 * engine turns its inputs into full-size int32 and float32 tensors (16 bytes a channel), so a
 * 64-megapixel input cost gigabytes for a 32 px result. This does the engine's own first steps
 * (2×2 means while the half stays at least 4× the target; the engine's resampler does the rest) on the RGBA bytes,
 * alpha-weighted so that compositing over white afterwards gives what the engine's composite-then-
 * average gives; and halves once more while an image is over ENGINE_PIXEL_BUDGET and still at least
 * twice the target. The result never drops below the target, so the engine's resize does the rest.
 */
import type { RgbaImage } from "../engine/types";

/** Pixels above which an input is halved even when it is under 4× the target (as long as it stays ≥ the target). */
export const ENGINE_PIXEL_BUDGET = 16 * 1024 * 1024;

/** One 2×2 mean (an odd last row or column is dropped, as avgPool "valid" does). */
export function halveRgba(img: RgbaImage): RgbaImage {
  const { width: w, data: src } = img;
  const width = Math.floor(w / 2);
  const height = Math.floor(img.height / 2);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const r0 = 2 * y * w * 4;
    const r1 = r0 + w * 4;
    for (let x = 0; x < width; x++) {
      const i0 = r0 + 8 * x;
      const i1 = i0 + 4;
      const i2 = r1 + 8 * x;
      const i3 = i2 + 4;
      const a0 = src[i0 + 3];
      const a1 = src[i1 + 3];
      const a2 = src[i2 + 3];
      const a3 = src[i3 + 3];
      const a = a0 + a1 + a2 + a3;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        // Weighted by alpha: a transparent pixel's colour does not bleed into its neighbours.
        const sum = a ? src[i0 + c] * a0 + src[i1 + c] * a1 + src[i2 + c] * a2 + src[i3 + c] * a3 : src[i0 + c] + src[i1 + c] + src[i2 + c] + src[i3 + c];
        data[o + c] = Math.round(sum / (a || 4));
      }
      data[o + 3] = Math.round(a / 4);
    }
  }
  return { width, height, data };
}

/**
 * Halves `img` while the half is still at least 4× `target` on both sides, or while it is over the
 * budget and at least 2×. A 2×2 mean leaks some of the top octave back as lower frequencies; at 4× or
 * more above the target those land above the target's Nyquist, where the engine's resampler removes them.
 */
export function shrinkToward(img: RgbaImage, [tw, th]: readonly [number, number]): RgbaImage {
  let cur = img;
  const atLeast = (k: number) => cur.width >= k * tw && cur.height >= k * th;
  while (atLeast(8) || (cur.width * cur.height > ENGINE_PIXEL_BUDGET && atLeast(2))) cur = halveRgba(cur);
  return cur;
}

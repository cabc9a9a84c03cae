/** Validation of pixel inputs before any tensor is made: bad input fails fast with a plain message. */
import { INPUT_LIMIT_WORDS, isTooLargeInput, MIN_VISIBLE_FRACTION } from "./defaults";
import { describeValue } from "./describe-value";
import { RestyleError } from "./errors";
import type { RgbaImage } from "./types";

export function checkImage(img: RgbaImage | null | undefined, role: string): void {
  if (!img || typeof img !== "object") throw new RestyleError("bad-image", `The ${role} image is missing.`, `got ${img === null ? "null" : typeof img}`);
  const { width: w, height: h } = img;
  for (const [side, v] of [
    ["width", w],
    ["height", h],
  ] as const) {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new RestyleError("bad-image", `The ${role} image's ${side} is not a number (got ${describeValue(v)}).`, `size ${String(w)}x${String(h)}`);
  }
  if (!Number.isInteger(w) || !Number.isInteger(h)) {
    throw new RestyleError("bad-image", `The ${role} image's size is not a whole number of pixels (${w}×${h}).`, `size ${w}x${h}`);
  }
  if (w <= 0 || h <= 0) throw new RestyleError("bad-image", `The ${role} image is empty (${w}×${h}).`, `size ${w}x${h}`);
  if (isTooLargeInput(w, h))
    throw new RestyleError("image-too-large", `The ${role} image is too large (${w}×${h}); the limit is ${INPUT_LIMIT_WORDS}.`, `size ${w}x${h}`);
  // Bytes only: a string, floats in 0–1 or 16-bit values of the right length would run and give a wrong picture.
  if (!(img.data instanceof Uint8Array || img.data instanceof Uint8ClampedArray)) {
    throw new RestyleError(
      "bad-image",
      `The ${role} image's pixel data is ${describeValue(img.data)}; give a Uint8Array or Uint8ClampedArray of RGBA bytes (width × height × 4).`,
    );
  }
  if (img.data.length !== w * h * 4) {
    throw new RestyleError("bad-image", `The ${role} image's pixel data does not match its size.`, `expected ${w * h * 4} bytes, got ${img.data?.length}`);
  }
  if (visibleFraction(img) < MIN_VISIBLE_FRACTION) {
    throw new RestyleError("transparent-image", `The ${role} image is fully transparent: there is nothing to stylise.`);
  }
}

/** Alpha-weighted share of the image that is visible (0 = fully transparent). */
export function visibleFraction(img: RgbaImage): number {
  const d = img.data;
  let sum = 0;
  for (let i = 3; i < d.length; i += 4) sum += d[i];
  return sum / (255 * img.width * img.height);
}

/** An opaque image of seeded pseudo-random colours (an LCG): the same bytes on every machine and in every realm. */
import type { RgbaImage } from "../../src/engine/types";

export function noiseImage(w: number, h: number, seed: number): RgbaImage {
  const data = new Uint8Array(w * h * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = i % 4 === 3 ? 255 : (s >>> 16) & 255;
  }
  return { width: w, height: h, data };
}

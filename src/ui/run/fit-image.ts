/**
 * Shrinks pixels to a long side, never enlarging: what a host's export does for a layer, done in
 * the panel for a built-in painting. A box filter (each output pixel the mean of the input pixels
 * it covers, alpha-weighted) keeps a painting's texture without aliasing; written here because the
 * panel thread has no tfjs and a canvas would make the run untestable outside a browser.
 */
import { fitLongSide } from "../../engine/scale-sizes";
import type { RgbaImage } from "../../engine/types";

export function shrinkToFit(img: RgbaImage, side: number): RgbaImage {
  if (Math.max(img.width, img.height) <= side) return img;
  const [w, h] = fitLongSide(img.width, img.height, side);
  const out = new Uint8Array(w * h * 4);
  const src = img.data;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * img.height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * img.height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * img.width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * img.width) / w));
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * img.width + sx) * 4;
          const al = src[i + 3];
          r += src[i] * al;
          g += src[i + 1] * al;
          b += src[i + 2] * al;
          a += al;
        }
      }
      const o = (y * w + x) * 4;
      const n = (y1 - y0) * (x1 - x0);
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round(a / n);
    }
  }
  return { width: w, height: h, data: out };
}

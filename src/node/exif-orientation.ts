/**
 * JPEG EXIF orientation, as a browser applies it (the web page draws phone photos upright; jpeg-js
 * decodes the stored pixels as they are). A dozen lines of parsing need no dependency: walk the
 * JPEG segments up to the image data, find the APP1 "Exif" segment, read IFD0's tag 0x0112.
 */
import type { RgbaImage } from "../engine/types";

/** EXIF orientation 1–8 of a JPEG, or 1 when it has none (or an unreadable one). */
export function jpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = 2; // after SOI
  while (off + 4 <= bytes.length && bytes[off] === 0xff) {
    const marker = bytes[off + 1];
    if (marker === 0xda || marker === 0xd9) break; // image data or end: no EXIF comes later
    const len = view.getUint16(off + 2);
    if (marker === 0xe1 && len >= 8 && String.fromCharCode(...bytes.subarray(off + 4, off + 10)) === "Exif\0\0") {
      return tiffOrientation(new DataView(bytes.buffer, bytes.byteOffset + off + 10, Math.min(len - 8, bytes.length - off - 10)));
    }
    off += 2 + len;
  }
  return 1;
}

function tiffOrientation(t: DataView): number {
  if (t.byteLength < 8) return 1;
  const order = t.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const le = order === 0x4949;
  const ifd = t.getUint32(4, le);
  if (ifd + 2 > t.byteLength) return 1;
  const count = t.getUint16(ifd, le);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > t.byteLength) return 1;
    if (t.getUint16(e, le) === 0x0112 && t.getUint16(e + 2, le) === 3) {
      const v = t.getUint16(e + 8, le);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

/** The source pixel index of output pixel (x, y), per orientation, for a W × H stored image. */
const MAPS: Record<number, (W: number, H: number, x: number, y: number) => number> = {
  2: (W, H, x, y) => y * W + (W - 1 - x),
  3: (W, H, x, y) => (H - 1 - y) * W + (W - 1 - x),
  4: (W, H, x, y) => (H - 1 - y) * W + x,
  5: (W, H, x, y) => x * W + y,
  6: (W, H, x, y) => (H - 1 - x) * W + y,
  7: (W, H, x, y) => (H - 1 - x) * W + (W - 1 - y),
  8: (W, H, x, y) => x * W + (W - 1 - y),
};

/** The image as it is meant to be seen: flipped and/or rotated per EXIF orientation (5–8 swap width and height). */
export function applyOrientation(img: RgbaImage, orientation: number): RgbaImage {
  const map = MAPS[orientation];
  if (!map) return img;
  const { width: W, height: H, data: src } = img;
  const [width, height] = orientation >= 5 ? [H, W] : [W, H];
  const data = new Uint8Array(src.length);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      const s = map(W, H, x, y) * 4;
      data[o] = src[s];
      data[o + 1] = src[s + 1];
      data[o + 2] = src[s + 2];
      data[o + 3] = src[s + 3];
    }
  }
  return { width, height, data };
}

/**
 * Reads an image file's format and pixel size from its first bytes, without decoding it, so the
 * standalone page can refuse a non-image or an image past the size bound before the browser
 * spends memory decoding it. PNG, JPEG, GIF, WebP and BMP.
 */
import { INPUT_LIMIT_WORDS, isTooLargeInput } from "../../engine/defaults";
import { isPng } from "../../kit/png-size";

export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "bmp";

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** How many leading bytes readImageHeader needs at most (JPEG's size may follow large EXIF blocks). */
export const HEADER_BYTES = 256 * 1024;

export function readImageHeader(b: Uint8Array): ImageHeader | null {
  const u16be = (i: number) => (b[i] << 8) | b[i + 1];
  const u16le = (i: number) => b[i] | (b[i + 1] << 8);
  const u32be = (i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
  const i32le = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
  const ascii = (i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));
  if (b.length >= 24 && isPng(b) && ascii(12, 4) === "IHDR") {
    return { format: "png", width: u32be(16), height: u32be(20) };
  }
  if (b.length >= 10 && (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a")) {
    return { format: "gif", width: u16le(6), height: u16le(8) };
  }
  if (b.length >= 26 && ascii(0, 2) === "BM") {
    return { format: "bmp", width: Math.abs(i32le(18)), height: Math.abs(i32le(22)) };
  }
  if (b.length >= 30 && ascii(0, 4) === "RIFF" && ascii(8, 4) === "WEBP") {
    const chunk = ascii(12, 4);
    if (chunk === "VP8 ") return { format: "webp", width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === "VP8L") {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { format: "webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8X") return { format: "webp", width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the JPEG segments to the first start-of-frame marker.
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const m = b[i + 1];
      if (m === 0xff) {
        i += 1;
        continue;
      }
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
        return { format: "jpeg", width: u16be(i + 7), height: u16be(i + 5) };
      }
      if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7)) {
        i += 2;
        continue;
      }
      i += 2 + u16be(i + 2);
    }
    return null;
  }
  return null;
}

/** A plain-words reason why this file cannot be used, or null when it can. */
export function imageFileProblem(name: string, size: number, head: Uint8Array): { problem: string } | { header: ImageHeader } {
  if (size === 0) return { problem: `“${name}” is empty (0 bytes).` };
  const header = readImageHeader(head);
  if (!header) return { problem: `“${name}” is not an image Restyle can read (use PNG, JPEG, GIF, WebP or BMP).` };
  const { width: w, height: h } = header;
  if (w <= 0 || h <= 0) return { problem: `“${name}” has no pixels (${w}×${h}).` };
  if (isTooLargeInput(w, h)) return { problem: `“${name}” is too large (${w}×${h} px); the limit is ${INPUT_LIMIT_WORDS}.` };
  return { header };
}

/**
 * Whether a PNG's image data holds every row its header promises. pngjs decodes a file whose
 * (valid, complete) zlib stream simply holds too few rows by leaving the missing rows zero — black,
 * or transparent — so that check is made here: walk the chunks, inflate the IDAT data and compare
 * its length with what IHDR implies (Adam7 passes included). pngjs has no option for it.
 */
import { inflateSync } from "node:zlib";

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7: [x0, y0, dx, dy] of each pass. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Bytes of filtered image data (a filter byte per row) the header implies; null if IHDR is unreadable. */
export function expectedPngDataBytes(width: number, height: number, bitDepth: number, colorType: number, interlace: number): number | null {
  const channels = CHANNELS[colorType];
  if (!channels || !(bitDepth > 0)) return null;
  const rowBytes = (w: number) => Math.ceil((w * channels * bitDepth) / 8);
  if (!interlace) return height * (1 + rowBytes(width));
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) total += h * (1 + rowBytes(w));
  }
  return total;
}

/** The inflated IDAT length and the length IHDR implies, or null when the chunks cannot be walked. */
export function pngDataLengths(png: Uint8Array): { have: number; want: number } | null {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8;
  let want: number | null = null;
  const idat: Uint8Array[] = [];
  while (off + 8 <= png.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR" && body.length >= 13) {
      const b = new DataView(body.buffer, body.byteOffset, body.byteLength);
      want = expectedPngDataBytes(b.getUint32(0), b.getUint32(4), body[8], body[9], body[12]);
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  if (want === null || !idat.length) return null;
  let have: number;
  try {
    // At most one byte past what is expected is needed to tell "enough" from "too few".
    have = inflateSync(Buffer.concat(idat), { maxOutputLength: want + 1 }).length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return { have: want + 1, want };
    return { have: 0, want };
  }
  return { have, want };
}

/**
 * JPEG EXIF orientation: decodeImage gives the picture upright, as a browser draws it. A 32×16
 * JPEG with four flat quadrants (red, green / blue, white) is tagged with each orientation 1–8,
 * in both byte orders; the corners and the size say where each quadrant went.
 */
import { describe, expect, it } from "vitest";
import jpeg from "jpeg-js";
import { decodeImage } from "../../src/node/image-io";
import { jpegOrientation } from "../../src/node/exif-orientation";

const W = 32;
const H = 16;
const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BLUE = [0, 0, 255];
const WHITE = [255, 255, 255];

function quadrants(): Uint8Array {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const c = y < H / 2 ? (x < W / 2 ? RED : GREEN) : x < W / 2 ? BLUE : WHITE;
      data.set([...c, 255], (y * W + x) * 4);
    }
  }
  return data;
}

/** An APP1 Exif segment holding IFD0 with one Orientation entry. */
function exifSegment(orientation: number, le: boolean): Uint8Array {
  const tiff = new DataView(new ArrayBuffer(8 + 2 + 12 + 4));
  tiff.setUint16(0, le ? 0x4949 : 0x4d4d);
  tiff.setUint16(2, 42, le);
  tiff.setUint32(4, 8, le);
  tiff.setUint16(8, 1, le);
  tiff.setUint16(10, 0x0112, le);
  tiff.setUint16(12, 3, le);
  tiff.setUint32(14, 1, le);
  tiff.setUint16(18, orientation, le);
  const body = new Uint8Array([...new TextEncoder().encode("Exif\0\0"), ...new Uint8Array(tiff.buffer)]);
  return new Uint8Array([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
}

const plain = new Uint8Array(jpeg.encode({ width: W, height: H, data: quadrants() }, 100).data);
const tagged = (o: number, le = true) => new Uint8Array([...plain.subarray(0, 2), ...exifSegment(o, le), ...plain.subarray(2)]);

function near(img: { width: number; data: Uint8Array | Uint8ClampedArray }, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [...img.data.subarray(i, i + 3)].map((v) => Math.round(v / 255) * 255);
}

// orientation → [width, height, top-left colour, top-right colour] as displayed.
const CASES: Array<[number, number, number, number[], number[]]> = [
  [1, W, H, RED, GREEN],
  [2, W, H, GREEN, RED],
  [3, W, H, WHITE, BLUE],
  [4, W, H, BLUE, WHITE],
  [5, H, W, RED, BLUE],
  [6, H, W, BLUE, RED],
  [7, H, W, WHITE, GREEN],
  [8, H, W, GREEN, WHITE],
];

describe("EXIF orientation", () => {
  it.each(CASES.flatMap((c) => [[...c, true] as const, [...c, false] as const]))("orientation %i (%i×%i), little-endian %s", (o, w, h, tl, tr, le) => {
    const bytes = tagged(o, le);
    expect(jpegOrientation(bytes)).toBe(o);
    const img = decodeImage(bytes);
    expect([img.width, img.height]).toEqual([w, h]);
    expect(near(img, 1, 1)).toEqual(tl);
    expect(near(img, w - 2, 1)).toEqual(tr);
  });

  it("no EXIF, an out-of-range value or a truncated segment leave the pixels as stored", () => {
    expect(jpegOrientation(plain)).toBe(1);
    expect(jpegOrientation(tagged(9))).toBe(1);
    expect(jpegOrientation(tagged(0))).toBe(1);
    const cut = tagged(6).subarray(0, 2 + 4 + 6 + 9);
    expect(jpegOrientation(cut)).toBe(1);
    expect([decodeImage(tagged(9)).width, decodeImage(tagged(9)).height]).toEqual([W, H]);
  });
});

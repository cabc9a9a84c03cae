import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage, detectFormat, encodePng, ImageFormatError, readImageFile } from "../../src/node/image-io";
import { RestyleError } from "../../src/engine/errors";
import { IMAGES } from "../helpers/paths";

function randomImage(width: number, height: number, seed = 1) {
  const data = new Uint8Array(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return { width, height, data };
}

describe("image-io", () => {
  it("PNG round trip keeps every RGBA byte, alpha included", () => {
    const img = randomImage(7, 5);
    const png = encodePng(img);
    expect(detectFormat(png)).toBe("png");
    const back = decodeImage(png);
    expect([back.width, back.height]).toEqual([7, 5]);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
    // Encoding is deterministic: the same pixels give the same file.
    expect(encodePng(back).equals(png)).toBe(true);
  });

  it("decodes the shared PNG fixture (RGB, no alpha) as opaque RGBA", async () => {
    const img = await readImageFile(join(IMAGES, "fixture_content_64x64.png"));
    expect([img.width, img.height]).toEqual([64, 64]);
    expect(img.data.length).toBe(64 * 64 * 4);
    for (let i = 3; i < img.data.length; i += 4) expect(img.data[i]).toBe(255);
  });

  it("decodes the shared JPEGs at their documented sizes", async () => {
    const tub = await readImageFile(join(IMAGES, "content_tubingen.jpg"));
    expect([tub.width, tub.height]).toEqual([512, 384]);
    const scream = await readImageFile(join(IMAGES, "style_the_scream.jpg"));
    expect([scream.width, scream.height]).toEqual([402, 512]);
    expect(scream.data.length).toBe(402 * 512 * 4);
    // A real photo: not one flat colour.
    expect(new Set(Array.from(tub.data.subarray(0, 4000))).size).toBeGreaterThan(20);
  });

  it("detects the format from magic bytes, not the name", () => {
    const jpg = readFileSync(join(IMAGES, "content_coffee.jpg"));
    expect(detectFormat(jpg)).toBe("jpeg");
    expect(detectFormat(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it("refuses other formats with a message that names them", () => {
    const gif = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");
    let err: unknown;
    try {
      decodeImage(gif, "pic.png");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImageFormatError);
    expect(err).toBeInstanceOf(RestyleError);
    expect((err as ImageFormatError).kind).toBe("unsupported");
    expect((err as Error).message).toMatch(/pic\.png is GIF, not PNG or JPEG/);
  });

  it("reports a truncated PNG or JPEG as damaged", () => {
    const png = encodePng(randomImage(16, 16));
    expect(() => decodeImage(png.subarray(0, 60))).toThrow(/damaged PNG/);
    const jpg = readFileSync(join(IMAGES, "content_coffee.jpg"));
    const cut = new Uint8Array(jpg.subarray(0, 600));
    try {
      decodeImage(cut);
      expect.unreachable();
    } catch (e) {
      expect((e as ImageFormatError).kind).toBe("corrupt");
    }
  });

  it("refuses an image past the size limit before decoding it", () => {
    const png = Buffer.from(encodePng(randomImage(2, 2)));
    png.writeUInt32BE(100_000, 16); // IHDR width
    expect(() => decodeImage(png)).toThrow(expect.objectContaining({ code: "image-too-large" }));
  });
});

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage, detectFormat, encodePng, readImageFile } from "../../src/node/image-io";
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

  // Refusals (other formats, damaged, too large) are in test/cli/bad-input.test.ts.
});

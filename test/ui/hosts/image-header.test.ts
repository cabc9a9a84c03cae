import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { imageFileProblem, readImageHeader } from "../../../src/ui/hosts/image-header";
import { IMAGES } from "../../helpers/paths";

describe("readImageHeader", () => {
  it("reads PNG and JPEG sizes from the shared fixtures", () => {
    expect(readImageHeader(readFileSync(join(IMAGES, "fixture_content_64x64.png")))).toEqual({ format: "png", width: 64, height: 64 });
    expect(readImageHeader(readFileSync(join(IMAGES, "fixture_style_32x48.png")))).toMatchObject({ format: "png" });
    const jpeg = readImageHeader(readFileSync(join(IMAGES, "style_great_wave.jpg")));
    expect(jpeg?.format).toBe("jpeg");
    expect(jpeg!.width).toBeGreaterThan(100);
  });

  it("reads GIF and BMP headers and rejects text", () => {
    const gif = new Uint8Array([...Buffer.from("GIF89a"), 10, 0, 20, 0]);
    expect(readImageHeader(gif)).toEqual({ format: "gif", width: 10, height: 20 });
    const bmp = new Uint8Array(30);
    bmp.set(Buffer.from("BM"));
    new DataView(bmp.buffer).setInt32(18, 7, true);
    new DataView(bmp.buffer).setInt32(22, -9, true);
    expect(readImageHeader(bmp)).toEqual({ format: "bmp", width: 7, height: 9 });
    expect(readImageHeader(new TextEncoder().encode("hello, this is not an image at all"))).toBeNull();
  });
});

describe("imageFileProblem", () => {
  const png = readFileSync(join(IMAGES, "fixture_content_64x64.png"));
  it("accepts a good image and explains empty, non-image and oversized files", () => {
    expect(imageFileProblem("a.png", png.length, png)).toEqual({ header: { format: "png", width: 64, height: 64 } });
    expect(imageFileProblem("empty.png", 0, new Uint8Array())).toEqual({ problem: "“empty.png” is empty (0 bytes)." });
    expect(imageFileProblem("notes.txt", 5, new TextEncoder().encode("hello"))).toMatchObject({ problem: expect.stringMatching(/not an image/) });
    const big = Uint8Array.from(png.subarray(0, 24));
    new DataView(big.buffer).setUint32(16, 20000);
    expect(imageFileProblem("big.png", 100, big)).toMatchObject({ problem: expect.stringMatching(/too large \(20000×64 px\)/) });
  });
});

import { describe, expect, it } from "vitest";
import { sampleContent, sampleStyle } from "../../src/cli/sample-images";

function distinctColours(img: { data: Uint8Array | Uint8ClampedArray }): number {
  const s = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) s.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return s.size;
}

describe("demo sample pictures", () => {
  it("are opaque RGBA of the asked size, deterministic, and not flat", () => {
    const c = sampleContent(80, 60);
    expect([c.width, c.height, c.data.length]).toEqual([80, 60, 80 * 60 * 4]);
    expect(Buffer.from(sampleContent(80, 60).data).equals(Buffer.from(c.data))).toBe(true);
    for (let i = 3; i < c.data.length; i += 4) expect(c.data[i]).toBe(255);
    expect(distinctColours(c)).toBeGreaterThan(50);
    const s = sampleStyle(64, 64);
    expect(distinctColours(s)).toBeGreaterThan(200);
  });

  it("the content has a sky above and grass below (what the demo should still show after stylising)", () => {
    const c = sampleContent(100, 100);
    const px = (x: number, y: number) => Array.from(c.data.subarray((y * 100 + x) * 4, (y * 100 + x) * 4 + 3));
    const [r1, , b1] = px(90, 5);
    expect(b1).toBeGreaterThan(r1);
    const [r2, g2, b2] = px(10, 95);
    expect(g2).toBeGreaterThan(r2);
    expect(g2).toBeGreaterThan(b2);
  });
});

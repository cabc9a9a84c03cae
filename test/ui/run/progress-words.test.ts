/** The status line's words for where a run stands (progress-words.ts). */
import { describe, expect, it } from "vitest";
import { scaleWords } from "../../../src/ui/run/progress-words";

const at = (scaleIndex: number, scaleCount: number, width: number, height: number, tileIndex = 0, tileCount = 1) => ({
  scaleIndex,
  scaleCount,
  width,
  height,
  tileIndex,
  tileCount,
});

describe("scale and tile words", () => {
  it("name the scale by its long side, and the tile when the scale is tiled", () => {
    expect(scaleWords(at(2, 3, 2048, 1365, 2, 9))).toBe("Detail 2048 px · tile 3 of 9");
    expect(scaleWords(at(1, 3, 683, 1024))).toBe("Detail 1024 px");
    expect(scaleWords(at(0, 3, 512, 341))).toBe("Layout 512 px");
    expect(scaleWords(at(0, 1, 4096, 2048, 0, 4))).toBe("Layout 4096 px · tile 1 of 4");
  });

  it("say nothing for one untiled scale (the fast run)", () => {
    expect(scaleWords(at(0, 1, 512, 341))).toBe("");
  });
});

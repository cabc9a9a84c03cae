/** The status line's words for where a run stands (progress-words.ts). */
import { describe, expect, it } from "vitest";
import { etaAt, etaWords, scaleWords } from "../../../src/ui/run/progress-words";

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

describe("the time left between reports", () => {
  it("counts down from the last report's figure, so a figure read late in an iteration is not an iteration too high", () => {
    const eta = { ms: 15_000, slower: false, at: 1_000 };
    expect(etaAt(eta, 1_000)).toBe(15_000);
    expect(etaAt(eta, 8_000)).toBe(8_000);
    expect(etaWords({ ...eta, ms: etaAt(eta, 8_000) })).toBe("About 8 s left");
  });

  it("stops at a second (or at the figure itself, if it was less) until the next report, and leaves a figure without a time alone", () => {
    expect(etaAt({ ms: 15_000, at: 0 }, 60_000)).toBe(1_000);
    expect(etaAt({ ms: 400, at: 0 }, 60_000)).toBe(400);
    expect(etaAt({ ms: 15_000 }, 60_000)).toBe(15_000);
    expect(etaAt({ ms: Number.NaN, at: 0 }, 5_000)).toBeNaN();
    // A clock that reads earlier than the report (another frame's): no count up.
    expect(etaAt({ ms: 15_000, at: 9_000 }, 5_000)).toBe(15_000);
  });
});

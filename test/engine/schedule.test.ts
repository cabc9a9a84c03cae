import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { minNetworkSide } from "../../src/engine/schedule";
import { MIN_SCALE_SIDE, scheduleSizes } from "../../src/engine/scale-sizes";

describe("scheduleSizes (coarse to fine)", () => {
  it("runs ¼, ½ and the whole working size, smallest first, whatever order the scales come in", () => {
    expect(scheduleSizes(512, 512, [0.25, 0.5, 1])).toEqual([
      [128, 128],
      [256, 256],
      [512, 512],
    ]);
    expect(scheduleSizes(512, 512, [1, 0.25, 0.5])).toEqual([
      [128, 128],
      [256, 256],
      [512, 512],
    ]);
  });

  it("keeps the aspect ratio at every scale, on the long side", () => {
    expect(scheduleSizes(400, 200, [0.5, 1])).toEqual([
      [200, 100],
      [400, 200],
    ]);
    expect(scheduleSizes(300, 600, [0.5, 1])).toEqual([
      [150, 300],
      [300, 600],
    ]);
  });

  it("skips a coarse scale whose short side is under the minimum, but never the working size", () => {
    // 64×32 at ¼ is 16×8: too thin at the default minimum.
    expect(scheduleSizes(64, 32, [0.25, 0.5, 1])).toEqual([
      [32, 16],
      [64, 32],
    ]);
    expect(scheduleSizes(64, 32, [0.25, 0.5, 1], 4)).toEqual([
      [16, 8],
      [32, 16],
      [64, 32],
    ]);
    expect(scheduleSizes(10, 10, [0.25, 0.5, 1])).toEqual([[10, 10]]);
    expect(Math.min(...scheduleSizes(1000, 40, [0.25, 0.5, 1]).slice(0, -1).flat())).toBeGreaterThanOrEqual(MIN_SCALE_SIDE);
  });

  it("runs a size once when two scales round to it, and ends at the working size when no scale is 1", () => {
    expect(scheduleSizes(20, 20, [0.9, 0.95, 1], 4)).toEqual([
      [18, 18],
      [19, 19],
      [20, 20],
    ]);
    expect(scheduleSizes(16, 16, [0.97, 0.99, 1], 4)).toEqual([[16, 16]]);
    expect(scheduleSizes(256, 256, [0.5])).toEqual([
      [128, 128],
      [256, 256],
    ]);
  });
});

describe("minNetworkSide", () => {
  it("is 2 to the number of pools before the deepest tap: 4 px for lite, 16 for full", () => {
    expect(minNetworkSide(tapsOf(PRESETS.lite.styleLayers, PRESETS.lite.contentLayer))).toBe(4);
    expect(minNetworkSide(tapsOf(PRESETS.full.styleLayers, PRESETS.full.contentLayer))).toBe(16);
    expect(minNetworkSide(["conv1_1"])).toBe(1);
    expect(minNetworkSide(["conv2_1"])).toBe(2);
  });
});

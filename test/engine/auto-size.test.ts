import { describe, expect, it } from "vitest";
import { autoOutputSide, BOUNDS, DEFAULT_OPTIONS, MAX_OUTPUT_SIDE } from "../../src/engine/defaults";

describe("the Auto output size", () => {
  it("is the layer's size, doubled on a high-density screen, up to 4096 px (a cap lowers it: Draft)", () => {
    expect(autoOutputSide(64, 1)).toBe(64);
    expect(autoOutputSide(64, 2)).toBe(128);
    expect(autoOutputSide(64, 3)).toBe(128); // density counts up to 2×
    expect(autoOutputSide(100, 1.5)).toBe(150);
    expect(autoOutputSide(300, 2)).toBe(600);
    expect(autoOutputSide(1440, 1)).toBe(1440);
    expect(autoOutputSide(1440, 2)).toBe(2880);
    expect(autoOutputSide(3000, 2)).toBe(MAX_OUTPUT_SIDE);
    expect(autoOutputSide(300, 2, DEFAULT_OPTIONS.workingSize)).toBe(DEFAULT_OPTIONS.workingSize);
    expect(autoOutputSide(300, 2, 1024)).toBe(600);
  });

  it("stays inside the engine's bounds for odd input", () => {
    expect(autoOutputSide(2, 1)).toBe(BOUNDS.workingSize[0]);
    expect(autoOutputSide(64, NaN)).toBe(64);
    expect(autoOutputSide(64.4, 1)).toBe(65);
  });
});

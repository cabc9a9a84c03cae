import { describe, expect, it } from "vitest";
import { autoOutputSide, BOUNDS, DEFAULT_OPTIONS } from "../../src/engine/defaults";

describe("the Auto output size", () => {
  it("is the layer's size, doubled on a high-density screen, capped by the working size", () => {
    expect(autoOutputSide(64, 1)).toBe(64);
    expect(autoOutputSide(64, 2)).toBe(128);
    expect(autoOutputSide(64, 3)).toBe(128); // density counts up to 2×
    expect(autoOutputSide(100, 1.5)).toBe(150);
    expect(autoOutputSide(300, 2)).toBe(DEFAULT_OPTIONS.workingSize);
    expect(autoOutputSide(300, 2, 1024)).toBe(600);
  });

  it("stays inside the engine's bounds for odd input", () => {
    expect(autoOutputSide(2, 1)).toBe(BOUNDS.workingSize[0]);
    expect(autoOutputSide(64, NaN)).toBe(64);
    expect(autoOutputSide(64.4, 1)).toBe(65);
  });
});

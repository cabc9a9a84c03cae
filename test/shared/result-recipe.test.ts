import { describe, expect, it } from "vitest";
import { presentStyles } from "../../src/shared/result-recipe";

describe("which recorded styles are still there", () => {
  it("keeps built-in paintings by id, finds the others, and gives the indices of those gone, in the record's order", () => {
    const found = new Map([[1, "layer-b"]]);
    const r = presentStyles(["a", "b", "gallery:starry-night", "", "d"], (i) => found.get(i) ?? null);
    expect(r).toEqual({ styleIds: ["layer-b", "gallery:starry-night"], goneStyles: [0, 3, 4] });
  });

  it("asks nothing about built-in paintings", () => {
    const asked: number[] = [];
    presentStyles(["gallery:the-wave", "x"], (i) => (asked.push(i), null));
    expect(asked).toEqual([1]);
  });
});

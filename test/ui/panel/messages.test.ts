// What the panel says: an earlier result's missing sources (and the weights it keeps), a batch's progress, the undo after placing.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../../src/shared/settings";
import type { ResultParams } from "../../../src/shared/result-params";
import { doneMessage } from "../../../src/ui/panel/done-message";
import { contentMissing, missingText } from "../../../src/ui/panel/RecallNote";
import { layerOf } from "../../../src/ui/panel/RunStatus";
import { settingsFromRecall } from "../../../src/ui/run/plan";

const params: ResultParams = {
  strength: 0.4,
  preset: "lite",
  size: 256,
  iterations: 20,
  preserveColors: false,
  styleScale: 1,
  styleWeights: [1, 2, 3],
  seed: 42,
  contentName: "Photo",
  styleNames: ["Paint", "The Starry Night", "Brush"],
};

describe("recall", () => {
  it("names each missing source by its role; Update is off only when the content is gone", () => {
    const styleGone = { params, mode: "layer" as const, contentGone: false, goneStyles: [0] };
    expect(missingText(styleGone)).toEqual(["The style layer “Paint” was deleted: Update uses the styles still there."]);
    expect(contentMissing(styleGone)).toBe(false);
    const contentGone = { params, mode: "fill" as const, contentGone: true, goneStyles: [2] };
    expect(missingText(contentGone)).toEqual([
      "The content layer “Photo” was deleted, so this result cannot be updated.",
      "The style layer “Brush” was deleted: Update uses the styles still there.",
    ]);
    expect(contentMissing(contentGone)).toBe(true);
  });

  it("a gone style that shares the content's name (Figma's “Rectangle 1” twice) is a gone style, not a gone content", () => {
    const same = { ...params, contentName: "Rectangle 1", styleNames: ["Rectangle 1", "Brush"], styleWeights: [1, 2] };
    const r = { params: same, mode: "layer" as const, contentGone: false, goneStyles: [0] };
    expect(contentMissing(r)).toBe(false);
    expect(missingText(r)).toEqual(["The style layer “Rectangle 1” was deleted: Update uses the styles still there."]);
    expect(settingsFromRecall(DEFAULT_SETTINGS, same, r.goneStyles).styleWeights).toEqual([2]);
  });

  it("the weights of the styles still there stay with them", () => {
    expect(settingsFromRecall(DEFAULT_SETTINGS, params).styleWeights).toEqual([1, 2, 3]);
    expect(settingsFromRecall(DEFAULT_SETTINGS, params, [0]).styleWeights).toEqual([2, 3]);
    expect(settingsFromRecall(DEFAULT_SETTINGS, params, [2]).styleWeights).toEqual([1, 2]);
    expect(settingsFromRecall(DEFAULT_SETTINGS, params)).toMatchObject({ strength: 0.4, size: 256, iterations: 20, preserveColors: false, styleScale: 1 });
  });

  it("a batch's progress says which layer; a single run says nothing of layers", () => {
    expect(layerOf({ index: 1, count: 5 })).toBe("Layer 2 of 5 · ");
    expect(layerOf({ index: 0, count: 1 })).toBe("");
    expect(layerOf(undefined)).toBe("");
  });
});

describe("done message", () => {
  it("says how to undo in this host: a batch as one step in Figma, each its own in Photopea, none on the standalone page", () => {
    const placeResults = async () => [];
    expect(doneMessage({ kind: "figma", placeResults }, 3, false, "4.2", "layer")).toBe("Added 3 results in 4.2 s; one undo removes them all.");
    expect(doneMessage({ kind: "photopea", placeResults }, 3, false, "4.2", "layer")).toBe("Added 3 results in 4.2 s; each is its own undo step here.");
    expect(doneMessage({ kind: "figma" }, 3, false, "4.2", "layer")).toBe("Added 3 results in 4.2 s; each is its own undo step here.");
    expect(doneMessage({ kind: "figma" }, 1, false, "1.0", "fill")).toBe(
      "Added the result as a fill in 1.0 s; one undo removes it. Move the strength slider to adjust it.",
    );
    expect(doneMessage({ kind: "photopea", updateUndoSteps: 2 }, 1, true, "1.0", "layer")).toBe(
      "Updated the result in 1.0 s; 2 undos revert it. Move the strength slider to adjust it.",
    );
    expect(doneMessage({ kind: "standalone", placeResults }, 2, false, "4.2", "layer")).toBe(
      "Made 2 results in 4.2 s: they are on the page; Download all saves them.",
    );
    expect(doneMessage({ kind: "standalone" }, 1, false, "1.0", "layer")).toBe(
      "Made the result in 1.0 s: it is on the page; Download saves it. Move the strength slider to adjust it.",
    );
  });
});

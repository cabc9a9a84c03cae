// Selecting an earlier result brings back how it was made (ResultParams), its sources, and which of them are gone.
import { describe, expect, it, vi } from "vitest";
import { postSelection } from "../../src/plugin/controller";
import { FILL_KEY, RESULT_KEY } from "../../src/plugin/plugin-data";
import { galleryId, type LayerChoice } from "../../src/shared/layers";
import type { FigmaEmulation } from "../emulation/figma/figma-api";
import { solid, type EmuNode } from "../emulation/figma/nodes";
import { freshFigma, handOut, placeRequest, resultParams, sendOne } from "./setup";

const STARRY = galleryId("starry-night");

async function choiceFor(emu: FigmaEmulation, ...nodes: EmuNode[]): Promise<LayerChoice> {
  emu.select(...nodes);
  return (await sendOne(emu, { type: "ready" }, "selection")).choice;
}

function record(node: EmuNode, key: string, value: Record<string, unknown>): void {
  node.setPluginData(key, JSON.stringify({ version: 1, ...value }));
}

describe("recall", () => {
  it("a gallery-only run: one layer selected, placed with a built-in style, recalled without looking the style up", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo", { width: 48, height: 36 });
    expect(await choiceFor(emu, photo)).toMatchObject({ problem: null, contentId: photo.id, styleIds: [] });
    const params = resultParams({ styleNames: ["The Starry Night"] });
    const { nodeId } = await sendOne(emu, { type: "place", requestId: 1, request: placeRequest(photo, [STARRY], { params: { ...params } }) }, "placed");
    const rect = emu.allNodes().find((n) => n.id === nodeId)!;
    expect(JSON.parse(rect.getPluginData(RESULT_KEY))).toMatchObject({ contentId: photo.id, styleIds: [STARRY], params });
    const lookups = vi.spyOn(emu.figma, "getNodeByIdAsync");
    // Placing selected the result; the panel hears about it as it would after selectionchange.
    const choice = (await postSelection()) as LayerChoice;
    expect(lookups.mock.calls.map((c) => c[0])).not.toContain(STARRY);
    expect(choice).toMatchObject({
      problem: null,
      resultId: rect.id,
      contentId: photo.id,
      styleIds: [STARRY],
      recall: { params, mode: "layer", contentGone: false, goneStyles: [] },
    });
    expect(choice.layers.map((l) => l.id)).toEqual([photo.id]);
  });

  it("a content carrying a Restyle fill is its own result, recalled with mode fill", async () => {
    const emu = freshFigma();
    const card = emu.add("FRAME", "Card", { width: 200, height: 100, fills: [solid(1, 1, 1)] });
    const style = emu.add("RECTANGLE", "Waves", { width: 20, height: 20 });
    const params = resultParams({ contentName: "Card", styleNames: ["Waves"], strength: 0.3 });
    await handOut(emu, card, style);
    await sendOne(emu, { type: "place", requestId: 1, request: placeRequest(card, [style.id], { mode: "fill", params: { ...params } }) }, "placed");
    const choice = await choiceFor(emu, card);
    expect(choice).toMatchObject({
      problem: null,
      resultId: card.id,
      contentId: card.id,
      styleIds: [style.id],
      recall: { params, mode: "fill", contentGone: false, goneStyles: [] },
    });
    expect(choice.layers.map((l) => l.name)).toEqual(["Card", "Waves"]);
    // With our paint removed from its fills, it is a plain layer again.
    card.fills = [solid(1, 1, 1)];
    const plain = await choiceFor(emu, card);
    expect(plain.resultId).toBeUndefined();
    expect(plain.recall).toBeUndefined();
  });

  it("names a deleted style from the record, offers the sources still there, gallery styles kept", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo", { width: 10, height: 10 });
    const s1 = emu.add("RECTANGLE", "Paint", { width: 900, height: 900 });
    const s2 = emu.add("RECTANGLE", "Waves");
    const result = emu.add("RECTANGLE", "Photo · Paint");
    const params = resultParams({ styleNames: ["Paint", "The Starry Night", "Waves"], styleWeights: [1, 2, 3] });
    record(result, RESULT_KEY, { contentId: photo.id, styleIds: [s1.id, STARRY, s2.id], params });
    s2.remove();
    const choice = await choiceFor(emu, result);
    expect(choice).toMatchObject({
      problem: null,
      resultId: result.id,
      contentId: photo.id,
      styleIds: [s1.id, STARRY],
      recall: { params, mode: "layer", contentGone: false, goneStyles: [2] },
    });
    expect(choice.layers.map((l) => l.id)).toEqual([photo.id, s1.id]);
  });

  it("a deleted style named like the content (Figma's default names) is a deleted style, not a deleted content", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Rectangle 1");
    const style = emu.add("RECTANGLE", "Rectangle 1");
    const result = emu.add("RECTANGLE", "Rectangle 1 · Rectangle 1");
    const params = resultParams({ contentName: "Rectangle 1", styleNames: ["Rectangle 1"], styleWeights: [1] });
    record(result, RESULT_KEY, { contentId: photo.id, styleIds: [style.id], params });
    style.remove();
    const choice = await choiceFor(emu, result);
    expect(choice).toMatchObject({ contentId: photo.id, styleIds: [], recall: { contentGone: false, goneStyles: [0] } });
  });

  it("a deleted content: the settings still come back, the problem says what is missing", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo");
    const style = emu.add("RECTANGLE", "Starry");
    const result = emu.add("RECTANGLE", "Photo · Starry");
    const params = resultParams();
    record(result, RESULT_KEY, { contentId: photo.id, styleIds: [style.id], params });
    photo.remove();
    const choice = await choiceFor(emu, result);
    expect(choice).toEqual({
      layers: [{ id: style.id, name: "Starry", width: 100, height: 100 }].map((l) => ({ ...l, thumbnail: expect.any(Uint8Array) })),
      contentId: null,
      styleIds: [style.id],
      problem: "“Photo”, the layer this result was made from, was deleted: its settings are shown, but it can’t be updated.",
      resultId: result.id,
      recall: { params, mode: "layer", contentGone: true, goneStyles: [] },
    });
  });

  it("an old or edited record still stands for its sources, without recall", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo");
    const style = emu.add("RECTANGLE", "Starry");
    const result = emu.add("RECTANGLE", "Old result");
    record(result, RESULT_KEY, { contentId: photo.id, styleIds: [style.id], params: { strength: "strong" } });
    const choice = await choiceFor(emu, result);
    expect(choice).toMatchObject({ problem: null, resultId: result.id, contentId: photo.id, styleIds: [style.id] });
    expect(choice.recall).toBeUndefined();
    photo.remove();
    expect((await choiceFor(emu, result)).problem).toBe("The layer this result was made from was deleted, so it can’t be updated.");
    // A fill record that does not parse is no result at all.
    const card = emu.add("RECTANGLE", "Card");
    record(card, FILL_KEY, { contentId: card.id, styleIds: [] });
    expect((await choiceFor(emu, card)).resultId).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { postSelection, startPlugin } from "../../src/plugin/controller";
import { RESULT_KEY } from "../../src/plugin/plugin-data";
import { defaultRoles } from "../../src/plugin/roles";
import { pngSize } from "../../src/shared/png-size";
import { MAX_STYLE_LAYERS } from "../../src/shared/layers";
import { freshFigma, sendOne } from "./setup";

describe("selection → roles", () => {
  it("explains an empty selection", async () => {
    const emu = freshFigma();
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.layers).toEqual([]);
    expect(choice.contentId).toBeNull();
    expect(choice.problem).toMatch(/Select two layers/);
  });

  it("asks for a style layer when only one is selected", async () => {
    const emu = freshFigma();
    emu.select(emu.add("RECTANGLE", "Photo"));
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.problem).toMatch(/Also select a style layer: “Photo”/);
  });

  it("refuses more layers than roles", async () => {
    const emu = freshFigma();
    emu.select(...Array.from({ length: MAX_STYLE_LAYERS + 2 }, (_, i) => emu.add("RECTANGLE", `L${i}`)));
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.problem).toBe(`${MAX_STYLE_LAYERS + 2} layers are selected; Restyle takes one content layer and at most ${MAX_STYLE_LAYERS} style layers.`);
  });

  it("names hidden, zero-size and non-exportable layers", async () => {
    const emu = freshFigma();
    const ok = emu.add("RECTANGLE", "Photo");
    const hiddenFrame = emu.add("FRAME", "Hidden frame", { visible: false });
    const inHidden = emu.add("RECTANGLE", "Inside hidden", { parent: hiddenFrame });
    emu.select(ok, inHidden);
    expect((await sendOne(emu, { type: "ready" }, "selection")).choice.problem).toMatch(/“Inside hidden” is hidden/);
    emu.select(ok, emu.add("LINE", "Rule", { width: 120, height: 0 }));
    expect((await sendOne(emu, { type: "ready" }, "selection")).choice.problem).toMatch(/“Rule” has no area \(120×0\)/);
    emu.select(ok, emu.add("WIDGET", "Poll"));
    expect((await sendOne(emu, { type: "ready" }, "selection")).choice.problem).toMatch(/“Poll” can’t be exported/);
  });

  it("makes the largest layer the content, ties to the first listed", async () => {
    expect(defaultRoles([{ id: "a", width: 10, height: 10 }, { id: "b", width: 300, height: 200 }, { id: "c", width: 20, height: 20 }])).toEqual({ contentId: "b", styleIds: ["a", "c"] });
    expect(defaultRoles([{ id: "a", width: 10, height: 10 }, { id: "b", width: 10, height: 10 }])).toEqual({ contentId: "a", styleIds: ["b"] });
    const emu = freshFigma();
    const swatch = emu.add("RECTANGLE", "Swatch", { width: 64, height: 64 });
    const photo = emu.add("RECTANGLE", "Photo", { width: 800, height: 600 });
    emu.select(swatch, photo);
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.problem).toBeNull();
    expect(choice.contentId).toBe(photo.id);
    expect(choice.styleIds).toEqual([swatch.id]);
    // Thumbnails are real PNGs capped at 96 px on the long side and sent as bytes.
    const thumbs = choice.layers.map((l) => l.thumbnail);
    expect(thumbs.every((t) => t instanceof Uint8Array)).toBe(true);
    expect(pngSize(choice.layers[1].thumbnail!)).toEqual({ width: 96, height: 72 });
    expect(pngSize(choice.layers[0].thumbnail!)).toEqual({ width: 64, height: 64 });
  });

  it("offers a selected result's sources, with its roles and id", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo", { width: 10, height: 10 });
    const paint = emu.add("RECTANGLE", "Paint", { width: 900, height: 900 });
    const result = emu.add("RECTANGLE", "Photo · Paint");
    result.setPluginData(RESULT_KEY, JSON.stringify({ version: 1, contentId: photo.id, styleIds: [paint.id], params: {} }));
    emu.select(result);
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.problem).toBeNull();
    expect(choice.resultId).toBe(result.id);
    expect(choice.contentId).toBe(photo.id); // the recorded role, not the size-based default
    expect(choice.styleIds).toEqual([paint.id]);
  });

  it("shows the UI with Figma's theme colours and follows selectionchange", async () => {
    const emu = freshFigma();
    startPlugin("<html></html>");
    expect(emu.showUiCalls).toHaveLength(1);
    expect(emu.showUiCalls[0].options?.themeColors).toBe(true);
    const a = emu.add("RECTANGLE", "A");
    const b = emu.add("RECTANGLE", "B");
    emu.figma.currentPage.selection = [a, b] as unknown as SceneNode[];
    await postSelection(); // the handler's own run is fire-and-forget; this one is awaited
    const last = emu.toUi.at(-1) as { type: string; choice: { layers: Array<{ name: string }> } };
    expect(last.type).toBe("selection");
    expect(last.choice.layers.map((l) => l.name)).toEqual(["A", "B"]);
  });
});

import { describe, expect, it } from "vitest";
import { postSelection, startPlugin } from "../../src/plugin/controller";
import { RESULT_KEY } from "../../src/plugin/plugin-data";
import { defaultRoles } from "../../src/plugin/roles";
import { pngSize } from "../../src/kit/png-size";
import { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS } from "../../src/shared/layers";
import { solid } from "../emulation/figma/nodes";
import { freshFigma, sendOne } from "./setup";

describe("selection → roles", () => {
  it("explains an empty selection", async () => {
    const emu = freshFigma();
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.layers).toEqual([]);
    expect(choice.contentId).toBeNull();
    expect(choice.problem).toBe("Select a layer to restyle, and any layers whose style to use.");
  });

  it("is ready with one layer: it is the content, and the panel asks for a style (a built-in painting will do)", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo");
    emu.select(photo);
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    expect(choice.problem).toBeNull();
    expect(choice.contentId).toBe(photo.id);
    expect(choice.styleIds).toEqual([]);
    expect(choice.layers.map((l) => l.id)).toEqual([photo.id]);
    expect(choice.resultId).toBeUndefined();
  });

  it("takes a batch's worth of layers and refuses one more", async () => {
    const emu = freshFigma();
    const max = MAX_CONTENT_LAYERS + MAX_STYLE_LAYERS;
    const layers = Array.from({ length: max + 1 }, (_, i) => emu.add("RECTANGLE", `L${i}`, { width: 10 + i, height: 10 }));
    emu.select(...layers.slice(0, max));
    const full = (await sendOne(emu, { type: "ready" }, "selection")).choice;
    expect(full.problem).toBeNull();
    expect(full.layers).toHaveLength(max);
    // The largest is the content; as many others as a run takes are styles; the rest wait for the panel.
    expect(full.contentId).toBe(layers[max - 1].id);
    expect(full.styleIds).toEqual(layers.slice(0, MAX_STYLE_LAYERS).map((l) => l.id));
    expect(full.note).toBe(`${max - 1 - MAX_STYLE_LAYERS} of the selected layers have no role yet: make them contents to restyle them too.`);
    emu.select(...layers);
    const over = (await sendOne(emu, { type: "ready" }, "selection")).choice;
    expect(over.problem).toBe(
      `${max + 1} layers are selected; Restyle takes up to ${MAX_CONTENT_LAYERS} layers to restyle and ${MAX_STYLE_LAYERS} style layers at once.`,
    );
  });

  it("says which layers cannot take the result as a fill, and why", async () => {
    const emu = freshFigma();
    const frame = emu.add("FRAME", "Card", { width: 200, height: 200 });
    const rect = emu.add("RECTANGLE", "Photo", { parent: frame });
    const text = emu.add("TEXT", "Title", { fills: [solid(0, 0, 0)] });
    const mixed = emu.add("TEXT", "Rainbow");
    mixed.setMixedFills();
    const group = emu.add("GROUP", "Stack");
    const inst = emu.add("INSTANCE", "Button");
    const inInst = emu.add("RECTANGLE", "Icon", { parent: inst, width: 10, height: 10 });
    const slice = emu.add("SLICE", "Export area");
    const ellipse = emu.add("ELLIPSE", "Dot");
    const union = emu.add("BOOLEAN_OPERATION", "Union");
    const part = emu.add("ELLIPSE", "Part", { parent: union });
    const mask = emu.add("RECTANGLE", "Mask");
    mask.isMask = true;
    emu.select(frame, rect, text, mixed, group, inst, inInst, slice, ellipse, union, part, mask);
    const { choice } = await sendOne(emu, { type: "ready" }, "selection");
    const noFill = Object.fromEntries(choice.layers.map((l) => [l.name, l.noFill ?? null]));
    expect(noFill).toEqual({
      Card: null,
      Photo: null,
      Title: "it is text, whose fills colour its letters",
      Rainbow: "it is text, whose fills colour its letters",
      Stack: "groups have no fills of their own",
      Button: "it is a component instance, whose fills come from its main component",
      Icon: "it is inside a component instance, whose fills come from its main component",
      "Export area": "slices have no fills",
      Dot: null,
      Union: null,
      Part: "it is part of a boolean shape, which draws its own fills instead",
      Mask: "it is a mask, whose fills only shape what it masks",
    });
    // The emulation is faithful where the sandbox relies on it: groups and slices have no fills at all.
    expect("fills" in group).toBe(false);
    expect("fills" in text).toBe(true);
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
    expect(
      defaultRoles([
        { id: "a", width: 10, height: 10 },
        { id: "b", width: 300, height: 200 },
        { id: "c", width: 20, height: 20 },
      ]),
    ).toEqual({ contentId: "b", styleIds: ["a", "c"] });
    expect(
      defaultRoles([
        { id: "a", width: 10, height: 10 },
        { id: "b", width: 10, height: 10 },
      ]),
    ).toEqual({ contentId: "a", styleIds: ["b"] });
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

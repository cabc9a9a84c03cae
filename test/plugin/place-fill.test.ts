// "Add as fill": the result as a new IMAGE paint on top of the content's own fills, one undo step, replaced in place on update.
import { describe, expect, it } from "vitest";
import { FILL_KEY } from "../../src/plugin/plugin-data";
import { galleryId } from "../../src/shared/layers";
import type { FigmaEmulation } from "../emulation/figma/figma-api";
import { paintsOf, solid, solidPng, type EmuNode } from "../emulation/figma/nodes";
import { freshFigma, handOut, handOutFor, placeRequest, sendOne } from "./setup";

const RED = solid(1, 0, 0);
const BLUE_HALF = solid(0, 0, 1, { opacity: 0.5 });

async function placeFill(emu: FigmaEmulation, content: EmuNode, styleIds: string[], extra: Parameters<typeof placeRequest>[2] = {}) {
  const request = placeRequest(content, styleIds, { mode: "fill", ...extra });
  await handOutFor(emu, request);
  return sendOne(emu, { type: "place", requestId: 1, request }, "placed");
}

function hashOf(emu: FigmaEmulation, png: Uint8Array): string {
  const hit = [...emu.images].find(([, bytes]) => bytes === png || Buffer.from(bytes).equals(Buffer.from(png)));
  if (!hit) throw new Error("image not created");
  return hit[0];
}

describe("adding the result as a fill", () => {
  it("on a rectangle: one IMAGE paint on top of its own fills, recorded, one commitUndo, and one undo takes it away", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo", { width: 48, height: 36, fills: [RED, BLUE_HALF] });
    const style = emu.add("RECTANGLE", "Starry", { x: 200 });
    const before = emu.snapshot();
    const png = solidPng(48, 36, [10, 200, 30, 255]);
    const { nodeId } = await placeFill(emu, photo, [style.id], { png });
    const hash = hashOf(emu, png);
    expect(nodeId).toBe(photo.id); // the result is the content itself
    expect(paintsOf(photo)).toEqual([RED, BLUE_HALF, { type: "IMAGE", imageHash: hash, scaleMode: "FILL" }]);
    expect(Object.isFrozen(paintsOf(photo))).toBe(true);
    expect(emu.allNodes()).toHaveLength(2); // no new layer
    const record = JSON.parse(photo.getPluginData(FILL_KEY));
    expect(record).toEqual({ version: 1, contentId: photo.id, styleIds: [style.id], params: placeRequest(photo, []).params, imageHash: hash });
    expect(emu.journal.commits).toBe(1);
    expect(new Set(emu.journal.steps[0].map((c) => c.nodeId))).toEqual(new Set([photo.id]));
    expect(emu.journal.pending).toEqual([]);
    expect(emu.figma.currentPage.selection.map((n) => n.id)).toEqual([photo.id]);
    emu.undo();
    expect(emu.snapshot()).toEqual(before);
    expect(paintsOf(photo)).toEqual([RED, BLUE_HALF]);
  });

  it("on a frame: its children untouched; an update swaps the image of that same paint where it now is, keeping the user's opacity and visibility and every other fill", async () => {
    const emu = freshFigma();
    const frame = emu.add("FRAME", "Card", { width: 300, height: 200, fills: [solid(1, 1, 1)] });
    const child = emu.add("RECTANGLE", "Label", { parent: frame, x: 10, y: 10, width: 50, height: 20, fills: [RED] });
    const childBefore = child.state();
    const first = solidPng(48, 36, [1, 2, 3, 255]);
    await placeFill(emu, frame, [galleryId("starry-night")], { png: first });
    const ours = { type: "IMAGE", imageHash: hashOf(emu, first), scaleMode: "FILL" } as const;
    expect(paintsOf(frame)).toEqual([solid(1, 1, 1), ours]);
    expect(child.state()).toEqual(childBefore);

    // In Figma's fill list the user dims and hides our paint and adds a gradient above it.
    const gradient: GradientPaint = {
      type: "GRADIENT_LINEAR",
      gradientTransform: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      gradientStops: [],
    };
    emu.journal.userStep(() => (frame.fills = [solid(1, 1, 1), { ...ours, opacity: 0.4, visible: false }, gradient]));
    const beforeUpdate = emu.snapshot();

    const second = solidPng(48, 36, [200, 100, 0, 255]);
    const { nodeId } = await placeFill(emu, frame, [galleryId("starry-night")], { png: second, replaceId: frame.id, params: { strength: 0.9 } });
    expect(nodeId).toBe(frame.id);
    const newHash = hashOf(emu, second);
    expect(paintsOf(frame)).toEqual([solid(1, 1, 1), { ...ours, imageHash: newHash, opacity: 0.4, visible: false }, gradient]);
    expect(JSON.parse(frame.getPluginData(FILL_KEY))).toMatchObject({ imageHash: newHash, params: { strength: 0.9 } });
    expect(emu.journal.commits).toBe(2);
    expect(child.state()).toEqual(childBefore);
    // One undo takes back the update only.
    emu.undo();
    expect(emu.snapshot()).toEqual(beforeUpdate);
  });

  it("adds a new paint when the user removed ours before an update", async () => {
    const emu = freshFigma();
    const photo = emu.add("RECTANGLE", "Photo", { fills: [RED] });
    const first = solidPng(48, 36, [1, 1, 1, 255]);
    await placeFill(emu, photo, [], { png: first });
    emu.journal.userStep(() => (photo.fills = [RED]));
    const second = solidPng(48, 36, [9, 9, 9, 255]);
    await placeFill(emu, photo, [], { png: second, replaceId: photo.id });
    expect(paintsOf(photo)).toEqual([RED, { type: "IMAGE", imageHash: hashOf(emu, second), scaleMode: "FILL" }]);
    expect(hashOf(emu, first)).not.toBe(hashOf(emu, second));
  });

  it("is refused on text, a group, an instance and a layer inside one: the document unchanged, nothing committed", async () => {
    const emu = freshFigma();
    const text = emu.add("TEXT", "Title", { fills: [solid(0, 0, 0)] });
    const group = emu.add("GROUP", "Stack");
    emu.add("RECTANGLE", "In stack", { parent: group });
    const inst = emu.add("INSTANCE", "Button", { fills: [RED] });
    const icon = emu.add("RECTANGLE", "Icon", { parent: inst, fills: [RED] });
    await handOut(emu, text, group, inst, icon);
    const before = emu.snapshot();
    const cases: Array<[EmuNode, string]> = [
      [text, "“Title” can’t take a fill (it is text, whose fills colour its letters); add the result as a new layer instead."],
      [group, "“Stack” can’t take a fill (groups have no fills of their own); add the result as a new layer instead."],
      [inst, "“Button” can’t take a fill (it is a component instance, whose fills come from its main component); add the result as a new layer instead."],
      [icon, "“Icon” can’t take a fill (it is inside a component instance, whose fills come from its main component); add the result as a new layer instead."],
    ];
    for (const [node, message] of cases) {
      const failed = await sendOne(emu, { type: "place", requestId: 2, request: placeRequest(node, [], { mode: "fill" }) }, "failed");
      expect(failed.message).toBe(message);
    }
    expect(emu.snapshot()).toEqual(before);
    expect(emu.journal.all()).toEqual([]);
    expect(emu.journal.commits).toBe(0);
    expect(emu.images.size).toBe(0);
    // The same text node still takes the result as a layer.
    await sendOne(emu, { type: "place", requestId: 3, request: placeRequest(text, []) }, "placed");
    expect(emu.journal.commits).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { RESULT_KEY } from "../../src/plugin/plugin-data";
import type { PlaceRequest } from "../../src/shared/layers";
import type { FigmaEmulation } from "../emulation/figma/figma-api";
import { paintsOf, solidPng, type EmuNode } from "../emulation/figma/nodes";
import { freshFigma, handOut, handOutFor, send, sendOne } from "./setup";

function request(content: EmuNode, style: EmuNode, extra: Partial<PlaceRequest> = {}): PlaceRequest {
  return {
    contentId: content.id,
    styleIds: [style.id],
    png: solidPng(48, 36),
    width: 48,
    height: 36,
    name: `${content.name} · ${style.name}`,
    params: { strength: 0.5, preset: "lite" },
    ...extra,
  };
}

/** Page > Frame A (100,50) > Frame B (10,20) > Group (no coordinate space) > [Other, Photo (5,7) 40×30]. */
/** Sends one place request and returns the layer the sandbox says it made. */
async function placed(emu: FigmaEmulation, req: PlaceRequest): Promise<EmuNode> {
  await handOutFor(emu, req);
  const { nodeId } = await sendOne(emu, { type: "place", requestId: 1, request: req }, "placed");
  return emu.allNodes().find((n) => n.id === nodeId)!;
}

function nestedScene(emu: FigmaEmulation) {
  const a = emu.add("FRAME", "A", { x: 100, y: 50, width: 500, height: 500 });
  const b = emu.add("FRAME", "B", { parent: a, x: 10, y: 20, width: 300, height: 300 });
  const group = emu.add("GROUP", "G", { parent: b, x: 5, y: 7, width: 40, height: 30 });
  const other = emu.add("RECTANGLE", "Other", { parent: group, x: 5, y: 7, width: 10, height: 10 });
  // Children of a group are positioned in the group's parent's space (frame B).
  const photo = emu.add("RECTANGLE", "Photo", { parent: group, x: 5, y: 7, width: 40, height: 30 });
  const top = emu.add("RECTANGLE", "Top", { parent: group, x: 0, y: 0, width: 1, height: 1 });
  const style = emu.add("RECTANGLE", "Starry", { x: 900, y: 0, width: 64, height: 64 });
  return { a, b, group, other, photo, top, style };
}

describe("placing a result", () => {
  it("adds one rectangle with the image, the content's exact box, just above it, named, with pluginData, as one undo step", async () => {
    const emu = freshFigma();
    const { group, photo, other, top, style } = nestedScene(emu);
    await handOut(emu, photo, style);
    const before = emu.allNodes().length;
    const req = request(photo, style);
    const { nodeId } = await sendOne(emu, { type: "place", requestId: 3, request: req }, "placed");
    const rect = emu.allNodes().find((n) => n.id === nodeId)!;
    expect(emu.allNodes()).toHaveLength(before + 1);
    expect(rect.type).toBe("RECTANGLE");
    expect(rect.parent).toBe(group);
    expect(group.children.map((c) => c.name)).toEqual([other.name, "Photo", "Photo · Starry", top.name]);
    expect(rect.absoluteTransform).toEqual([
      [1, 0, 115],
      [0, 1, 77],
    ]);
    expect(rect.absoluteTransform).toEqual(photo.absoluteTransform);
    expect([rect.width, rect.height]).toEqual([40, 30]);
    expect(rect.name).toBe("Photo · Starry");
    const fill = paintsOf(rect)[0] as ImagePaint;
    expect(fill.type).toBe("IMAGE");
    expect(emu.images.get(fill.imageHash!)).toEqual(req.png);
    expect(JSON.parse(rect.getPluginData(RESULT_KEY))).toEqual({
      version: 1,
      contentId: photo.id,
      styleIds: [style.id],
      params: { strength: 0.5, preset: "lite" },
    });
    expect(emu.figma.currentPage.selection.map((n) => n.id)).toEqual([rect.id]);
    expect(emu.viewportScrolledTo).toEqual([[rect.id]]);
    // One commitUndo, and that undo step touches the new layer only.
    expect(emu.journal.commits).toBe(1);
    expect(new Set(emu.journal.steps[0].map((c) => c.nodeId))).toEqual(new Set([rect.id]));
    expect(emu.journal.pending).toEqual([]);
  });

  it("lines up in nested frames without groups and floats above auto-layout siblings", async () => {
    const emu = freshFigma();
    const outer = emu.add("FRAME", "Outer", { x: -30, y: 400 });
    const inner = emu.add("FRAME", "Inner", { parent: outer, x: 12.5, y: 8 });
    inner.layoutMode = "VERTICAL";
    const photo = emu.add("RECTANGLE", "Photo", { parent: inner, x: 3, y: 4, width: 33, height: 21 });
    const style = emu.add("RECTANGLE", "Style");
    const rect = await placed(emu, request(photo, style));
    expect(rect.parent).toBe(inner);
    expect(inner.children.indexOf(rect)).toBe(inner.children.indexOf(photo) + 1);
    expect(rect.layoutPositioning).toBe("ABSOLUTE");
    expect(rect.absoluteTransform).toEqual([
      [1, 0, -14.5],
      [0, 1, 412],
    ]);
    expect(rect.relativeTransform).toEqual(photo.relativeTransform);
    expect([rect.width, rect.height]).toEqual([33, 21]);
  });

  it("goes above the instance when the content is inside one (instances take no children)", async () => {
    const emu = freshFigma();
    const frame = emu.add("FRAME", "Screen", { x: 50, y: 60 });
    const inst = emu.add("INSTANCE", "Card", { parent: frame, x: 10, y: 10 });
    const photo = emu.add("RECTANGLE", "Photo", { parent: inst, x: 4, y: 6, width: 20, height: 10 });
    const style = emu.add("RECTANGLE", "Style");
    const rect = await placed(emu, request(photo, style));
    expect(rect.parent).toBe(frame);
    expect(frame.children.indexOf(rect)).toBe(frame.children.indexOf(inst) + 1);
    expect(rect.absoluteTransform).toEqual(photo.absoluteTransform);
    expect(rect.absoluteTransform).toEqual([
      [1, 0, 64],
      [0, 1, 76],
    ]);
  });

  it("covers a rotated content's axis-aligned bounds, unrotated (the export is of those bounds)", async () => {
    const emu = freshFigma();
    const frame = emu.add("FRAME", "F", { x: 10, y: 10 });
    const photo = emu.add("RECTANGLE", "Photo", { parent: frame, width: 40, height: 20 });
    photo.relativeTransform = [
      [0, -1, 5],
      [1, 0, 6],
    ]; // 90° rotation: the box spans x −15..5, y 6..46 in the frame
    const style = emu.add("RECTANGLE", "Style");
    const rect = await placed(emu, request(photo, style));
    expect(rect.absoluteTransform).toEqual([
      [1, 0, -5],
      [0, 1, 16],
    ]);
    expect([rect.width, rect.height]).toEqual([20, 40]);
    expect(rect.absoluteBoundingBox).toEqual(photo.absoluteBoundingBox);
  });

  it("replaces the pixels of the same result layer on a re-run: no new layer, one more undo step", async () => {
    const emu = freshFigma();
    const { photo, style } = nestedScene(emu);
    await handOut(emu, photo, style);
    const first = await sendOne(emu, { type: "place", requestId: 1, request: request(photo, style) }, "placed");
    const count = emu.allNodes().length;
    const png2 = solidPng(48, 36, [0, 0, 255, 255]);
    const second = await sendOne(
      emu,
      { type: "place", requestId: 2, request: request(photo, style, { png: png2, replaceId: first.nodeId, params: { strength: 0.9 } }) },
      "placed",
    );
    expect(second.nodeId).toBe(first.nodeId);
    expect(emu.allNodes()).toHaveLength(count);
    const rect = emu.allNodes().find((n) => n.id === first.nodeId)!;
    expect(emu.images.get((paintsOf(rect)[0] as ImagePaint).imageHash!)).toEqual(png2);
    expect(JSON.parse(rect.getPluginData(RESULT_KEY)).params).toEqual({ strength: 0.9 });
    expect(emu.journal.commits).toBe(2);
    expect(new Set(emu.journal.steps[1].map((c) => c.nodeId))).toEqual(new Set([rect.id]));
  });

  it("creates nothing and commits nothing when the request cannot be honoured", async () => {
    const emu = freshFigma();
    const { photo, style } = nestedScene(emu);
    await handOut(emu, photo, style);
    const count = emu.allNodes().length;
    const fails: Array<[Partial<PlaceRequest>, RegExp]> = [
      [{ width: 50 }, /does not match/],
      [{ png: new Uint8Array([1, 2, 3, 4]) }, /not a PNG/],
      [{ png: solidPng(4100, 2), width: 4100, height: 2 }, /up to 4096 px a side/],
    ];
    for (const [extra, re] of fails) {
      const msg = await sendOne(emu, { type: "place", requestId: 9, request: request(photo, style, extra) }, "failed");
      expect(msg.message).toMatch(re);
    }
    photo.remove();
    const journalBefore = emu.journal.all().length;
    const gone = await sendOne(emu, { type: "place", requestId: 10, request: request(photo, style) }, "failed");
    expect(gone.message).toBe("The content layer was deleted while Restyle was running; nothing was added.");
    expect(emu.allNodes()).toHaveLength(count - 1);
    expect(emu.journal.all()).toHaveLength(journalBefore);
    expect(emu.journal.commits).toBe(0);
    expect(emu.images.size).toBe(0);
  });

  it("leaves the document untouched when a run is cancelled after its exports", async () => {
    const emu = freshFigma();
    const { photo, style } = nestedScene(emu);
    await handOut(emu, photo, style);
    const count = emu.allNodes().length;
    await send(emu, { type: "export", requestId: 1, id: photo.id, maxSide: 32 });
    await send(emu, { type: "export", requestId: 2, id: style.id, maxSide: 32 });
    // The panel cancels: it never sends "place".
    expect(emu.allNodes()).toHaveLength(count);
    expect(emu.journal.all()).toEqual([]);
    expect(emu.journal.commits).toBe(0);
  });
});

describe("settings in clientStorage", () => {
  it("round-trips and drops what an old or broken version stored", async () => {
    const emu = freshFigma();
    const settings = {
      strength: 0.8,
      preset: "full" as const,
      size: 256,
      iterations: 40,
      preserveColors: true,
      styleScale: 1.5,
      styleWeights: [1, 2],
      lastRoles: { contentId: "1:2", styleIds: ["1:3"] },
    };
    await sendOne(emu, { type: "save-settings", requestId: 1, settings }, "saved");
    expect((await sendOne(emu, { type: "load-settings", requestId: 2 }, "settings")).settings).toEqual(settings);
    emu.storage.set("restyle.settings.v1", { strength: "loud" });
    expect((await sendOne(emu, { type: "load-settings", requestId: 3 }, "settings")).settings).toEqual({});
  });
});

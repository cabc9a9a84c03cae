// Batches: every result staged in its own message, then placed together as ONE undo step, all or none.
import { describe, expect, it } from "vitest";
import { FILL_KEY, RESULT_KEY } from "../../src/plugin/plugin-data";
import type { PlaceRequest } from "../../src/shared/layers";
import type { UiToSandbox } from "../../src/shared/protocol";
import type { FigmaEmulation } from "../emulation/figma/figma-api";
import { paintsOf, solid, solidPng } from "../emulation/figma/nodes";
import { freshFigma, handOut, placeRequest, send, sendOne } from "./setup";

/** Stages the requests as the panel does and asks for them to be placed; returns the final answer. */
async function placeStaged(emu: FigmaEmulation, reqs: PlaceRequest[], batchId = 1) {
  for (const [index, request] of reqs.entries())
    await sendOne(emu, { type: "stage", requestId: 10 + index, batchId, index, count: reqs.length, request }, "staged");
  const [answer] = await send(emu, { type: "place-staged", requestId: 99, batchId, count: reqs.length });
  return answer;
}

/** Screen (40,30) > [A 40×30 at (5,5), B 60×20 at (50,5), C 30×30 at (5,60)], and a style. */
function scene(emu: FigmaEmulation) {
  const screen = emu.add("FRAME", "Screen", { x: 40, y: 30, width: 400, height: 300, fills: [solid(1, 1, 1)] });
  const a = emu.add("RECTANGLE", "A", { parent: screen, x: 5, y: 5, width: 40, height: 30, fills: [solid(1, 0, 0)] });
  const b = emu.add("RECTANGLE", "B", { parent: screen, x: 50, y: 5, width: 60, height: 20, fills: [solid(0, 1, 0)] });
  const c = emu.add("RECTANGLE", "C", { parent: screen, x: 5, y: 60, width: 30, height: 30, fills: [solid(0, 0, 1)] });
  const style = emu.add("RECTANGLE", "Starry", { x: 900 });
  return { screen, a, b, c, style };
}

describe("a batch", () => {
  it("places 3 results (layers and a fill) as one undo step; one undo removes all 3 and nothing else", async () => {
    const emu = freshFigma();
    const { screen, a, b, c, style } = scene(emu);
    await handOut(emu, a, b, c, style);
    // An earlier result, its own undo step: the batch's undo must leave it.
    await sendOne(emu, { type: "place", requestId: 1, request: placeRequest(style, [a.id]) }, "placed");
    const before = emu.snapshot();
    const commits = emu.journal.commits;

    const answer = await placeStaged(emu, [placeRequest(a, [style.id]), placeRequest(b, [style.id], { mode: "fill" }), placeRequest(c, [style.id])]);
    if (answer.type !== "placed-all") throw new Error(JSON.stringify(answer));
    const [ra, rb, rc] = answer.nodeIds;
    expect(rb).toBe(b.id);
    const rectA = emu.allNodes().find((n) => n.id === ra)!;
    const rectC = emu.allNodes().find((n) => n.id === rc)!;
    // Each result layer sits just above its own content, on its exact box.
    expect(screen.children.map((n) => n.name)).toEqual(["A", "A · style", "B", "C", "C · style"]);
    expect(rectA.absoluteTransform).toEqual([
      [1, 0, 45],
      [0, 1, 35],
    ]);
    expect([rectA.width, rectA.height]).toEqual([40, 30]);
    expect(rectC.absoluteTransform).toEqual(c.absoluteTransform);
    expect([rectC.width, rectC.height]).toEqual([30, 30]);
    expect(paintsOf(b)).toHaveLength(2);
    expect(JSON.parse(rectA.getPluginData(RESULT_KEY)).contentId).toBe(a.id);
    expect(JSON.parse(b.getPluginData(FILL_KEY)).contentId).toBe(b.id);
    expect(emu.figma.currentPage.selection.map((n) => n.id)).toEqual([ra, rb, rc]);
    expect(emu.journal.commits).toBe(commits + 1);
    expect(emu.journal.pending).toEqual([]);

    emu.undo();
    expect(emu.snapshot()).toEqual(before);
    expect([rectA.removed, rectC.removed]).toEqual([true, true]);
    expect(emu.allNodes().filter((n) => n.getPluginData(RESULT_KEY))).toHaveLength(1); // the earlier result stays
  });

  it("leaves the document as it was when Figma fails in the middle, and commits nothing", async () => {
    for (const where of ["fill of the 2nd", "layer of the 3rd"] as const) {
      const emu = freshFigma();
      const { screen, a, b, c, style } = scene(emu);
      await handOut(emu, a, b, c, style);
      const before = emu.snapshot();
      // "layer of the 3rd": two fills go in first, then the 3rd's layer is the first insertion into the frame, and fails.
      const reqs =
        where === "fill of the 2nd"
          ? [placeRequest(a, [style.id]), placeRequest(b, [style.id], { mode: "fill" }), placeRequest(c, [style.id])]
          : [placeRequest(b, [style.id], { mode: "fill" }), placeRequest(a, [style.id], { mode: "fill" }), placeRequest(c, [style.id])];
      if (where === "fill of the 2nd") b.faultOnFills = { message: "Figma hiccup" };
      else screen.faultOnInsert = "Figma hiccup";
      const answer = await placeStaged(emu, reqs);
      expect(answer.type).toBe("failed");
      const message = (answer as { message: string }).message;
      expect(message).toBe(
        where === "fill of the 2nd"
          ? "Figma refused to add the result to “B”’s fills (Figma hiccup); nothing from this batch was added."
          : "Figma refused to add the result next to “C” (Figma hiccup); nothing from this batch was added.",
      );
      expect(emu.snapshot()).toEqual(before);
      expect(emu.journal.commits).toBe(0);
      expect(emu.allNodes().filter((n) => n.getPluginData(RESULT_KEY) || n.getPluginData(FILL_KEY))).toEqual([]);
    }
  });

  it("when even putting back fails, commits what is left as one step so one undo removes it, and says so", async () => {
    const emu = freshFigma();
    const { screen, b, c, style } = scene(emu);
    await handOut(emu, b, c, style);
    const before = emu.snapshot();
    b.faultOnFills = { message: "Figma hiccup", after: 1 }; // the fill goes in; restoring it fails
    screen.faultOnInsert = "Figma hiccup";
    const answer = await placeStaged(emu, [placeRequest(b, [style.id], { mode: "fill" }), placeRequest(c, [style.id])]);
    expect(answer).toMatchObject({
      type: "failed",
      message: "Figma refused to add the result next to “C” (Figma hiccup). Part of the batch could not be taken back: press Undo once to remove it.",
    });
    expect(emu.journal.commits).toBe(1);
    expect(emu.snapshot()).not.toEqual(before);
    emu.undo();
    expect(emu.snapshot()).toEqual(before);
  });

  it("checks every result before the first change: a text content for a fill, or a content deleted meanwhile, changes nothing", async () => {
    const emu = freshFigma();
    const { a, b, style } = scene(emu);
    const title = emu.add("TEXT", "Title", { fills: [solid(0, 0, 0)] });
    const gone = emu.add("RECTANGLE", "Gone");
    await handOut(emu, a, b, style, title, gone);
    const before = emu.snapshot().filter((n) => n.id !== gone.id);
    const refused = await placeStaged(emu, [placeRequest(a, [style.id]), placeRequest(title, [style.id], { mode: "fill" })]);
    expect(refused).toMatchObject({
      type: "failed",
      message: "“Title” can’t take a fill (it is text, whose fills colour its letters); add the result as a new layer instead.",
    });
    const twice = await placeStaged(emu, [placeRequest(b, [], { mode: "fill" }), placeRequest(b, [], { mode: "fill" })], 2);
    expect(twice).toMatchObject({ type: "failed", message: "The same layer would take two fills from one batch; nothing was added." });
    const reqs = [placeRequest(a, [style.id]), placeRequest(gone, [style.id])];
    gone.remove();
    const before2 = emu.snapshot();
    const deleted = await placeStaged(emu, reqs, 3);
    expect(deleted).toMatchObject({ type: "failed", message: "The content layer was deleted while Restyle was running; nothing was added." });
    expect(emu.snapshot()).toEqual(before2);
    expect(before2).toEqual(before);
    expect(emu.journal.commits).toBe(0);
    expect(emu.images.size).toBe(0); // not even an image was made
  });

  it("never places a batch that did not fully arrive, arrived out of order, or was abandoned for a newer one", async () => {
    const emu = freshFigma();
    const { a, b, style } = scene(emu);
    await handOut(emu, a, b, style);
    const before = emu.snapshot();
    const ask = (msg: UiToSandbox) => send(emu, msg).then((m) => m[0]);
    // One part of two, then "place": refused.
    await ask({ type: "stage", requestId: 1, batchId: 5, index: 0, count: 2, request: placeRequest(a, [style.id]) });
    expect(await ask({ type: "place-staged", requestId: 2, batchId: 5, count: 2 })).toMatchObject({
      type: "failed",
      message: "Part of the batch did not reach Figma; nothing was added. Run it again.",
    });
    // The same index twice: refused, and the batch dropped.
    await ask({ type: "stage", requestId: 3, batchId: 6, index: 0, count: 2, request: placeRequest(a, [style.id]) });
    expect(await ask({ type: "stage", requestId: 4, batchId: 6, index: 0, count: 2, request: placeRequest(b, [style.id]) })).toMatchObject({ type: "failed" });
    expect(await ask({ type: "stage", requestId: 5, batchId: 6, index: 1, count: 2, request: placeRequest(b, [style.id]) })).toMatchObject({ type: "staged" });
    expect(await ask({ type: "place-staged", requestId: 6, batchId: 6, count: 2 })).toMatchObject({ type: "failed" });
    // A bad image is refused as it arrives, and its batch dropped.
    expect(await ask({ type: "stage", requestId: 7, batchId: 7, index: 0, count: 1, request: placeRequest(a, [], { png: solidPng(10, 10) }) })).toMatchObject({
      type: "failed",
      message: "The result's size (10×10) does not match what was expected (48×36); nothing was added.",
    });
    expect(await ask({ type: "place-staged", requestId: 8, batchId: 7, count: 1 })).toMatchObject({ type: "failed" });
    // A newer batch drops an abandoned one.
    await ask({ type: "stage", requestId: 9, batchId: 8, index: 0, count: 2, request: placeRequest(a, [style.id]) });
    await ask({ type: "stage", requestId: 10, batchId: 9, index: 0, count: 1, request: placeRequest(b, [style.id]) });
    expect(emu.snapshot()).toEqual(before);
    expect(await ask({ type: "place-staged", requestId: 11, batchId: 8, count: 2 })).toMatchObject({ type: "failed" });
    expect(emu.snapshot()).toEqual(before);
    expect(emu.journal.commits).toBe(0);
  });
});

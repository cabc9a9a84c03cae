/**
 * The Figma sandbox's bad-input table: every message the panel could send that the sandbox must
 * not act on (forged ids, another content's result, malformed fields, unknown types). The panel is
 * a web page, so each case is a message a hostile or stale panel could post. Each must get exactly
 * one sentence (a "failed" answer to its request, or one notice) and leave the document exactly
 * as it was: node count, names, fills, pluginData; nothing exported, no image made, no setting stored.
 */
import { describe, expect, it } from "vitest";
import { handleMessage } from "../../src/plugin/controller";
import { RESULT_KEY } from "../../src/plugin/plugin-data";
import { MAX_NAME_CHARS, MAX_NOTICE_CHARS } from "../../src/engine/defaults";
import type { PlaceRequest } from "../../src/shared/layers";
import type { FigmaEmulation } from "../emulation/figma/figma-api";
import type { EmuNode } from "../emulation/figma/nodes";
import { freshFigma, handOut, placeRequest, sendOne } from "./setup";

interface World {
  emu: FigmaEmulation;
  /** Handed out to the panel: two contents and a style. */
  photo: EmuNode;
  second: EmuNode;
  style: EmuNode;
  /** In the document, never selected while the plugin was open. */
  secret: EmuNode;
  /** Results this session placed: of `photo`, and of `second` (a fill on it). */
  mine: string;
  theirs: string;
  /** A result of `photo` from an earlier session, never handed out in this one. */
  old: EmuNode;
}

async function world(): Promise<World> {
  const emu = freshFigma();
  const photo = emu.add("RECTANGLE", "Photo", { width: 48, height: 36 });
  const second = emu.add("RECTANGLE", "Second", { x: 200, width: 48, height: 36 });
  const style = emu.add("RECTANGLE", "Starry", { x: 400 });
  const secret = emu.add("RECTANGLE", "Secret", { x: 600, width: 48, height: 36 });
  const old = emu.add("RECTANGLE", "Photo · old", { x: 800, width: 48, height: 36 });
  old.setPluginData(RESULT_KEY, JSON.stringify({ version: 1, contentId: photo.id, styleIds: [style.id], params: {} }));
  await handOut(emu, photo, second, style);
  const mine = (await sendOne(emu, { type: "place", requestId: 1, request: placeRequest(photo, [style.id]) }, "placed")).nodeId;
  const theirs = (await sendOne(emu, { type: "place", requestId: 2, request: placeRequest(second, [style.id], { mode: "fill" }) }, "placed")).nodeId;
  return { emu, photo, second, style, secret, mine, theirs, old };
}

const UNREADABLE = /^Restyle could not read a request from its panel; nothing was changed\./;
const NOT_LISTED = /^That layer is not among the selected layers/;
const CONTENT_NOT_LISTED = /^The layer to restyle is not among the selected layers; nothing was added\.$/;
const NOT_THIS_CONTENTS = /^The result to update was not made from this layer; nothing was changed\.$/;

const req = (w: World, extra: Partial<PlaceRequest> = {}): PlaceRequest => placeRequest(w.photo, [w.style.id], extra);
const place = (request: unknown) => ({ type: "place", requestId: 9, request });
const asRecord = (r: PlaceRequest): Record<string, unknown> => ({ ...r });

/** [case, the message (built against the scene), what the one sentence must say]. */
const CASES: Array<[string, (w: World) => unknown, RegExp]> = [
  // Ids the sandbox never handed out, or handed out for another purpose.
  ["export of a layer never selected", (w) => ({ type: "export", requestId: 9, id: w.secret.id, maxSide: 64 }), NOT_LISTED],
  ["export of the page", (w) => ({ type: "export", requestId: 9, id: w.emu.page.id, maxSide: 64 }), NOT_LISTED],
  ["export of a result (handed out to be replaced, not read)", (w) => ({ type: "export", requestId: 9, id: w.mine, maxSide: 64 }), NOT_LISTED],
  ["export of an id that names nothing", () => ({ type: "export", requestId: 9, id: "999:999", maxSide: 64 }), NOT_LISTED],
  ["export of an earlier session's result", (w) => ({ type: "export", requestId: 9, id: w.old.id, maxSide: 64 }), NOT_LISTED],
  ["place beside a layer never selected", (w) => place(placeRequest(w.secret, [w.style.id])), CONTENT_NOT_LISTED],
  ["place beside the page", (w) => place(req(w, { contentId: w.emu.page.id })), CONTENT_NOT_LISTED],
  [
    "place recording a style never selected",
    (w) => place(req(w, { styleIds: [w.secret.id] })),
    /^A style layer is not among the selected layers; nothing was added\.$/,
  ],
  ["replaceId: another content's result", (w) => place(req(w, { replaceId: w.theirs })), NOT_THIS_CONTENTS],
  ["replaceId: a selected layer that is no result", (w) => place(req(w, { replaceId: w.style.id })), NOT_THIS_CONTENTS],
  ["replaceId: the content itself, which has no result", (w) => place(req(w, { replaceId: w.photo.id })), NOT_THIS_CONTENTS],
  ["replaceId: an earlier session's result, never handed out", (w) => place(req(w, { replaceId: w.old.id })), NOT_THIS_CONTENTS],
  ["replaceId: a layer never selected", (w) => place(req(w, { replaceId: w.secret.id })), NOT_THIS_CONTENTS],
  ["fill with replaceId: another content's fill", (w) => place(req(w, { mode: "fill", replaceId: w.theirs })), NOT_THIS_CONTENTS],
  ["this content's result, replaced as another content's", (w) => place(placeRequest(w.second, [w.style.id], { replaceId: w.mine })), NOT_THIS_CONTENTS],
  [
    "stage beside a layer never selected",
    (w) => ({ type: "stage", requestId: 9, batchId: 1, index: 0, count: 1, request: placeRequest(w.secret, []) }),
    CONTENT_NOT_LISTED,
  ],
  [
    "stage replacing another content's result",
    (w) => ({ type: "stage", requestId: 9, batchId: 1, index: 0, count: 1, request: req(w, { replaceId: w.theirs }) }),
    NOT_THIS_CONTENTS,
  ],
  ["place-staged with nothing staged", () => ({ type: "place-staged", requestId: 9, batchId: 1, count: 1 }), /^Part of the batch did not reach Figma/],
  // Messages that are not ours: unknown types, wrong field types, oversize strings.
  ["an unknown type with a request id", () => ({ type: "delete", requestId: 9, id: "1:1" }), UNREADABLE],
  ["an unknown type without one", () => ({ type: "eval", code: "figma.root.remove()" }), UNREADABLE],
  ["an inherited name as the type", () => ({ type: "constructor", requestId: 9 }), UNREADABLE],
  ["__proto__ as the type", () => JSON.parse('{"type":"__proto__","requestId":9}'), UNREADABLE],
  ["a string instead of a message", () => "export", UNREADABLE],
  ["null", () => null, UNREADABLE],
  ["export: id a number", () => ({ type: "export", requestId: 9, id: 12, maxSide: 64 }), UNREADABLE],
  ["export: maxSide a string", (w) => ({ type: "export", requestId: 9, id: w.photo.id, maxSide: "64" }), UNREADABLE],
  ["export: requestId a string", (w) => ({ type: "export", requestId: "9", id: w.photo.id, maxSide: 64 }), UNREADABLE],
  ["export: an id of 10,000 characters", (w) => ({ type: "export", requestId: 9, id: w.photo.id + "0".repeat(10_000), maxSide: 64 }), UNREADABLE],
  ["place: no request", () => ({ type: "place", requestId: 9 }), UNREADABLE],
  ["place: png as an array of numbers", (w) => place({ ...asRecord(req(w)), png: Array.from(req(w).png) }), UNREADABLE],
  ["place: a negative width", (w) => place(req(w, { width: -48 })), UNREADABLE],
  ["place: a name that is a number", (w) => place({ ...asRecord(req(w)), name: 42 }), UNREADABLE],
  ["place: five styles", (w) => place(req(w, { styleIds: ["gallery:a", "gallery:b", "gallery:c", "gallery:d", "gallery:e"] })), UNREADABLE],
  ["place: a style id of 10,000 characters", (w) => place(req(w, { styleIds: ["gallery:" + "x".repeat(10_000)] })), UNREADABLE],
  ["place: a record of 20,000 characters", (w) => place(req(w, { params: { contentName: "x".repeat(20_000) } })), UNREADABLE],
  ["place: params an array", (w) => place({ ...asRecord(req(w)), params: [1, 2] }), UNREADABLE],
  ["place: mode overlay", (w) => place({ ...asRecord(req(w)), mode: "overlay" }), UNREADABLE],
  ["place: replaceId a number", (w) => place({ ...asRecord(req(w)), replaceId: 3 }), UNREADABLE],
  ["place: an empty contentId", (w) => place(req(w, { contentId: "" })), UNREADABLE],
  ["stage: index past the batch limit", (w) => ({ type: "stage", requestId: 9, batchId: 1, index: 10, count: 1, request: req(w) }), UNREADABLE],
  ["notify: message a number", () => ({ type: "notify", message: 42, error: true }), UNREADABLE],
  ["save-settings: a strength that is a word", () => ({ type: "save-settings", requestId: 9, settings: { strength: "loud" } }), UNREADABLE],
];

/** Everything a message could change or leak, to compare before and after. */
function observe(w: World) {
  const { emu } = w;
  return {
    doc: emu.snapshot(),
    exports: emu.allNodes().reduce((n, node) => n + node.exportCalls.length, 0),
    images: emu.images.size,
    storage: JSON.stringify([...emu.storage]),
    commits: emu.journal.commits,
    selection: emu.figma.currentPage.selection.map((n) => n.id),
  };
}

describe("the sandbox refuses what it did not hand out, with one sentence and no change", () => {
  it.each(CASES)("%s", async (_name, message, says) => {
    const w = await world();
    const before = observe(w);
    const [posted, noticed] = [w.emu.toUi.length, w.emu.notifications.length];
    await handleMessage(message(w));
    const answers = w.emu.toUi.slice(posted) as Array<{ type: string; message?: string }>;
    const notices = w.emu.notifications.slice(noticed);
    const sentences = [...answers.map((a) => (a.type === "failed" ? a.message : `<${a.type}>`)), ...notices.map((n) => n.message)];
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toMatch(says);
    expect(answers.every((a) => a.type === "failed")).toBe(true);
    expect(observe(w)).toEqual(before);
  });

  it("counts its cases", () => {
    expect(CASES.length).toBe(42);
  });
});

describe("strings that reach a notice or a layer name are bounded", () => {
  const hostile = "\u001b[2J\u202eevil\u0007" + "ß".repeat(10_000);

  it("a notice of 10,000 characters with escapes: one notice, cut, no control characters", async () => {
    const emu = freshFigma();
    await handleMessage({ type: "notify", message: hostile, error: false });
    expect(emu.notifications).toHaveLength(1);
    const shown = emu.notifications[0].message;
    expect(shown.length).toBeLessThanOrEqual(MAX_NOTICE_CHARS);
    expect(shown.startsWith(" [2J evil ßß")).toBe(true);
    expect(shown.endsWith("…")).toBe(true);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it("a result name of 10,000 characters with escapes: the layer's name is cut and clean", async () => {
    const w = await world();
    const { nodeId } = await sendOne(w.emu, place(req(w, { name: hostile })) as never, "placed");
    const name = w.emu.allNodes().find((n) => n.id === nodeId)!.name;
    expect(name.length).toBe(MAX_NAME_CHARS);
    expect(name).toBe(" [2J evil " + "ß".repeat(MAX_NAME_CHARS - 11) + "…");
  });

  it("a genuine update of this content's own result still goes through (the refusals are not blanket)", async () => {
    const w = await world();
    const { nodeId } = await sendOne(w.emu, place(req(w, { replaceId: w.mine })) as never, "placed");
    expect(nodeId).toBe(w.mine);
    const fill = await sendOne(w.emu, place(placeRequest(w.second, [w.style.id], { mode: "fill", replaceId: w.theirs })) as never, "placed");
    expect(fill.nodeId).toBe(w.second.id);
  });
});

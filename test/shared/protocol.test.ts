import { describe, expect, it } from "vitest";
import { parseSandboxMessage, parseUiMessage } from "../../src/shared/protocol";
import { handleMessage } from "../../src/plugin/controller";
import { solidPng } from "../emulation/figma/nodes";
import { freshFigma, resultParams } from "../plugin/setup";
import { MAX_CONTENT_LAYERS } from "../../src/shared/layers";

const png = solidPng(2, 2);
const place = { contentId: "1:2", styleIds: ["1:3"], png, width: 2, height: 2, name: "a · b", params: {} };

describe("message validation at the frame boundary", () => {
  it("accepts well-formed messages in both directions", () => {
    expect(parseUiMessage({ type: "export", requestId: 1, id: "1:2", maxSide: 64 })).toEqual({ type: "export", requestId: 1, id: "1:2", maxSide: 64 });
    expect(parseUiMessage({ type: "place", requestId: 2, request: place })?.type).toBe("place");
    expect(parseSandboxMessage({ type: "exported", requestId: 1, png, width: 2, height: 2 })?.type).toBe("exported");
    expect(
      parseSandboxMessage({
        type: "selection",
        choice: { layers: [{ id: "1", name: "x", width: 1, height: 1 }], contentId: "1", styleIds: [], problem: "one" },
      })?.type,
    ).toBe("selection");
  });

  it("rejects JSON-encoded bytes, missing ids, bad numbers and unknown types", () => {
    expect(parseUiMessage({ type: "place", requestId: 2, request: { ...place, png: Array.from(png) } })).toBeNull();
    expect(parseUiMessage({ type: "place", requestId: 2, request: { ...place, width: 0 } })).toBeNull();
    expect(parseUiMessage({ type: "export", id: "1:2", maxSide: 64 })).toBeNull();
    expect(parseUiMessage({ type: "export", requestId: 1, id: "1:2", maxSide: Number.NaN })).toBeNull();
    expect(parseUiMessage({ type: "export", requestId: -1, id: "1:2", maxSide: 64 })).toBeNull();
    expect(parseUiMessage({ type: "save-settings", requestId: 1, settings: { strength: 0.5 } })).toBeNull();
    expect(parseUiMessage({ type: "rm -rf" })).toBeNull();
    expect(parseUiMessage("ready")).toBeNull();
    expect(parseSandboxMessage({ type: "exported", requestId: 1, png: "iVBOR", width: 2, height: 2 })).toBeNull();
    expect(parseSandboxMessage({ type: "selection", choice: { layers: [{ id: 1 }], contentId: null, styleIds: [], problem: null } })).toBeNull();
  });

  it("keeps only the fields a message type has, and knows no inherited type names", () => {
    expect(parseUiMessage({ type: "load-settings", requestId: 3, extra: "dropped" })).toEqual({ type: "load-settings", requestId: 3 });
    expect(parseSandboxMessage({ type: "saved", requestId: 4, __proto__: { polluted: true } })).toEqual({ type: "saved", requestId: 4 });
    for (const type of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(parseUiMessage({ type, requestId: 1 })).toBeNull();
      expect(parseSandboxMessage({ type, requestId: 1 })).toBeNull();
    }
    expect(parseSandboxMessage({ type: "exported", requestId: 1, png, width: Number.POSITIVE_INFINITY, height: 2 })).toBeNull();
  });

  it("the sandbox answers a malformed message with one sentence instead of acting on it", async () => {
    const emu = freshFigma();
    await handleMessage({ type: "place", requestId: 1, request: { ...place, png: "not bytes" } });
    await handleMessage(null);
    const sentence = "Restyle could not read a request from its panel; nothing was changed. Close and reopen the plugin.";
    expect(emu.toUi).toEqual([{ type: "failed", requestId: 1, message: sentence }]);
    expect(emu.notifications).toEqual([{ message: sentence, error: true }]);
    expect(emu.journal.all()).toEqual([]);
  });

  it("validates the batch messages, fill mode, noFill and recall, field by field", () => {
    const stage = { type: "stage", requestId: 1, batchId: 3, index: 1, count: 2, request: { ...place, mode: "fill" } };
    expect(parseUiMessage(stage)).toEqual(stage);
    expect(parseUiMessage({ type: "place-staged", requestId: 2, batchId: 3, count: 2 })).toEqual({ type: "place-staged", requestId: 2, batchId: 3, count: 2 });
    expect(parseSandboxMessage({ type: "staged", requestId: 1 })).toEqual({ type: "staged", requestId: 1 });
    expect(parseSandboxMessage({ type: "placed-all", requestId: 2, nodeIds: ["1:2", "1:3"] })?.type).toBe("placed-all");
    const bad: Array<Record<string, unknown>> = [
      { ...stage, request: { ...place, mode: "overlay" } },
      { ...stage, request: { ...place, png: Array.from(png) } },
      { ...stage, request: undefined },
      { ...stage, count: 0 },
      { ...stage, count: MAX_CONTENT_LAYERS + 1 },
      { ...stage, count: 1.5 },
      { ...stage, index: -1 },
      { ...stage, index: MAX_CONTENT_LAYERS },
      { ...stage, batchId: "3" },
      { ...stage, batchId: undefined },
      { type: "place-staged", requestId: 2, batchId: 3 },
      { type: "place-staged", requestId: 2, batchId: 3, count: Number.NaN },
      { type: "place", requestId: 2, request: { ...place, mode: null } },
    ];
    for (const m of bad) expect(parseUiMessage(m), JSON.stringify(m)).toBeNull();
    expect(parseSandboxMessage({ type: "placed-all", requestId: 2, nodeIds: [] })).toBeNull();
    expect(parseSandboxMessage({ type: "placed-all", requestId: 2, nodeIds: [12] })).toBeNull();
    expect(parseSandboxMessage({ type: "staged" })).toBeNull();

    const layer = { id: "1", name: "x", width: 1, height: 1 };
    const choice = { layers: [layer], contentId: "1", styleIds: ["gallery:starry-night"], problem: null, resultId: "1:9" };
    const recall = { params: resultParams(), mode: "fill", contentGone: false, goneStyles: [0] };
    const selection = (c: Record<string, unknown>) => parseSandboxMessage({ type: "selection", choice: c });
    expect(selection({ ...choice, layers: [{ ...layer, noFill: "it is text, whose fills colour its letters" }], recall })?.type).toBe("selection");
    expect(selection({ ...choice, layers: [{ ...layer, noFill: true }] })).toBeNull();
    expect(selection({ ...choice, recall: { ...recall, params: { ...resultParams(), strength: "high" } } })).toBeNull();
    expect(selection({ ...choice, recall: { ...recall, params: { strength: 0.5 } } })).toBeNull();
    expect(selection({ ...choice, recall: { ...recall, mode: "overlay" } })).toBeNull();
    expect(selection({ ...choice, recall: { ...recall, goneStyles: ["Waves"] } })).toBeNull();
    expect(selection({ ...choice, recall: { ...recall, goneStyles: [5] } })).toBeNull(); // past the recorded styles
    expect(selection({ ...choice, recall: { ...recall, goneStyles: [0, 0] } })).toBeNull();
    expect(selection({ ...choice, recall: { ...recall, contentGone: "no" } })).toBeNull();
    expect(selection({ ...choice, recall: null })).toBeNull();
  });
});

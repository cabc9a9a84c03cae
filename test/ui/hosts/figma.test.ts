// FigmaHost over a fake window: requests matched by id, answers validated, failures in plain words.
import { describe, expect, it } from "vitest";
import type { UiToSandbox } from "../../../src/shared/protocol";
import { FigmaHost } from "../../../src/ui/hosts/figma";
import type { LayerChoice, PlaceRequest } from "../../../src/shared/layers";
import { handleMessage, openSession } from "../../../src/plugin/controller";
import { connectHost } from "../../emulation/figma/connect-host";
import { createFigmaEmulation, installFigma } from "../../emulation/figma/figma-api";
import { paintsOf, solid, solidPng } from "../../emulation/figma/nodes";

function wire(timeoutMs = 1000) {
  const listeners: Array<(e: MessageEvent) => void> = [];
  const sent: UiToSandbox[] = [];
  const source = {
    addEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.push(l),
    removeEventListener: () => undefined,
  } as unknown as Pick<Window, "addEventListener" | "removeEventListener">;
  const parent = {} as MessageEventSource; // stands in for window.parent, where Figma posts from
  const host = new FigmaHost({ source, sender: parent, post: (m) => sent.push(m), timeoutMs });
  const deliverFrom = (from: MessageEventSource | null, pluginMessage: unknown) =>
    listeners.forEach((l) => l({ source: from, data: { pluginMessage } } as MessageEvent));
  const deliver = (pluginMessage: unknown) => deliverFrom(parent, pluginMessage);
  return { host, sent, deliver, deliverFrom };
}

describe("FigmaHost", () => {
  it("sends ready once and passes on validated selections only", () => {
    const { host, sent, deliver } = wire();
    const got: LayerChoice[] = [];
    host.watchLayers((c) => got.push(c));
    host.watchLayers(() => undefined);
    expect(sent).toEqual([{ type: "ready" }]);
    deliver({ type: "selection", choice: { layers: [], contentId: null, styleIds: [], problem: "none" } });
    deliver({ type: "selection", choice: { layers: "nope" } });
    expect(got.map((c) => c.problem)).toEqual(["none"]);
  });

  it("matches answers to requests and turns failures into errors with the sandbox's words", async () => {
    const { host, sent, deliver } = wire();
    const a = host.exportLayer("1:2", 64);
    const b = host.exportLayer("1:3", 32);
    const [ra, rb] = sent as Array<Extract<UiToSandbox, { type: "export" }>>;
    expect([ra.maxSide, rb.maxSide]).toEqual([64, 32]);
    deliver({ type: "failed", requestId: rb.requestId, message: "“Ghost” is hidden." });
    deliver({ type: "exported", requestId: ra.requestId, png: new Uint8Array([1, 2]), width: 1, height: 1 });
    await expect(a).resolves.toEqual(new Uint8Array([1, 2]));
    await expect(b).rejects.toThrow("“Ghost” is hidden.");
  });

  it("ignores well-formed messages from any window but the parent", async () => {
    const { host, sent, deliver, deliverFrom } = wire();
    const got: LayerChoice[] = [];
    host.watchLayers((c) => got.push(c));
    const stranger = {} as MessageEventSource; // a nested frame or another tab's window
    const selection = { type: "selection", choice: { layers: [], contentId: null, styleIds: [], problem: "from stranger" } };
    deliverFrom(stranger, selection);
    deliverFrom(null, selection);
    expect(got).toEqual([]);

    const placed = host.placeResult({ contentId: "1:2", styleIds: ["1:3"], png: new Uint8Array([1]), width: 1, height: 1, name: "x", params: {} });
    const req = sent[1] as Extract<UiToSandbox, { type: "place" }>;
    deliverFrom(stranger, { type: "placed", requestId: req.requestId, nodeId: "9:9" });
    deliver({ type: "placed", requestId: req.requestId, nodeId: "1:4" });
    await expect(placed).resolves.toBe("1:4");
  });

  it("gives up on a silent sandbox with a plain message", async () => {
    const { host } = wire(20);
    await expect(host.loadSettings()).rejects.toThrow("Figma did not answer. Close Restyle and open it again.");
  });

  it("offers both ways to place a result", () => {
    expect(wire().host.placeModes).toEqual(["layer", "fill"]);
  });

  it("sends a batch as one staged message per result, then one place, and resolves with the ids in order", async () => {
    const { host, sent, deliver } = wire();
    const req = (id: string): PlaceRequest => ({
      contentId: id,
      styleIds: ["gallery:starry-night"],
      png: new Uint8Array([1]),
      width: 1,
      height: 1,
      name: "x",
      params: {},
      mode: "fill",
    });
    const placed = host.placeResults([req("1:2"), req("1:3")]);
    const answer = async (reply: (m: UiToSandbox) => unknown) => {
      await new Promise((r) => setTimeout(r, 0));
      deliver(reply(sent.at(-1)!));
    };
    await answer((m) => ({ type: "staged", requestId: (m as { requestId: number }).requestId }));
    await answer((m) => ({ type: "staged", requestId: (m as { requestId: number }).requestId }));
    await answer((m) => ({ type: "placed-all", requestId: (m as { requestId: number }).requestId, nodeIds: ["1:2", "1:3"] }));
    await expect(placed).resolves.toEqual(["1:2", "1:3"]);
    const stages = sent.filter((m): m is Extract<UiToSandbox, { type: "stage" }> => m.type === "stage");
    expect(stages.map((m) => [m.index, m.count, m.request.contentId])).toEqual([
      [0, 2, "1:2"],
      [1, 2, "1:3"],
    ]);
    expect(new Set(stages.map((m) => m.batchId)).size).toBe(1);
    expect(sent.at(-1)).toMatchObject({ type: "place-staged", batchId: stages[0].batchId, count: 2 });
  });

  it("against the real sandbox code: a batch lands as one undo step, and a refusal comes back in the sandbox's words", async () => {
    const emu = createFigmaEmulation();
    installFigma(emu);
    const host = connectHost(emu, 1000);
    const a = emu.add("RECTANGLE", "A", { width: 48, height: 36, fills: [solid(1, 0, 0)] });
    const b = emu.add("RECTANGLE", "B", { x: 100, width: 48, height: 36 });
    const title = emu.add("TEXT", "Title", { fills: [solid(0, 0, 0)] });
    openSession();
    emu.select(a, b, title);
    await handleMessage({ type: "ready" }); // the sandbox lists the selection: these are the layers it will act on
    const req = (id: string, mode: "layer" | "fill"): PlaceRequest => ({
      contentId: id,
      styleIds: ["gallery:starry-night"],
      png: solidPng(48, 36),
      width: 48,
      height: 36,
      name: "r",
      params: {},
      mode,
    });
    const ids = await host.placeResults([req(a.id, "fill"), req(b.id, "layer")]);
    expect(ids[0]).toBe(a.id);
    expect(paintsOf(a).map((p) => p.type)).toEqual(["SOLID", "IMAGE"]);
    expect(emu.journal.commits).toBe(1);
    await expect(host.placeResults([req(a.id, "layer"), req(title.id, "fill")])).rejects.toThrow(
      "“Title” can’t take a fill (it is text, whose fills colour its letters); add the result as a new layer instead.",
    );
    expect(emu.journal.commits).toBe(1);
    emu.undo();
    expect(paintsOf(a)).toEqual([solid(1, 0, 0)]);
    expect(emu.allNodes().map((n) => n.name)).toEqual(["A", "B", "Title"]);
  });
});

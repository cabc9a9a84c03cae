// FigmaHost over a fake window: requests matched by id, answers validated, failures in plain words.
import { describe, expect, it } from "vitest";
import type { UiToSandbox } from "../../src/shared/protocol";
import { FigmaHost } from "../../src/ui/hosts/figma";
import type { LayerChoice } from "../../src/shared/layers";

function wire(timeoutMs = 1000) {
  const listeners: Array<(e: MessageEvent) => void> = [];
  const sent: UiToSandbox[] = [];
  const source = {
    addEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.push(l),
    removeEventListener: () => undefined,
  } as unknown as Pick<Window, "addEventListener" | "removeEventListener">;
  const parent = {} as MessageEventSource; // stands in for window.parent, where Figma posts from
  const host = new FigmaHost({ source, sender: parent, post: (m) => sent.push(m), timeoutMs });
  const deliverFrom = (from: MessageEventSource | null, pluginMessage: unknown) => listeners.forEach((l) => l({ source: from, data: { pluginMessage } } as MessageEvent));
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
});

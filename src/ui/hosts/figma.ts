/**
 * The Host for Figma: the panel lives in the plugin's iframe and reaches the document only through
 * messages to the sandbox (src/plugin). Only messages from the iframe's parent (where Figma posts
 * the sandbox's messages) are read, and each is validated (src/shared/protocol.ts): anything else in the
 * page (a nested frame, an extension) cannot pose as the sandbox. Requests are matched to answers
 * by requestId.
 */
import { parseSandboxMessage, type SandboxToUi, type UiToSandbox } from "../../shared/protocol";
import type { PanelSettings } from "../../shared/settings";
import type { LayerChoice, PlaceMode, PlaceRequest } from "../../shared/layers";
import type { Host } from "./host";

type Answer = Exclude<SandboxToUi, { type: "selection" }>;

interface Pending {
  expect: Answer["type"];
  resolve: (m: Answer) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface FigmaHostOptions {
  /** Where messages come from (the iframe's window). */
  source?: Pick<Window, "addEventListener" | "removeEventListener">;
  /** The only sender (event.source) accepted: Figma posts the sandbox's messages from window.parent. */
  sender?: MessageEventSource | null;
  /** How messages reach the sandbox: Figma wants parent.postMessage({ pluginMessage }, "*"). */
  post?: (msg: UiToSandbox) => void;
  /** Give up on an unanswered request after this long (the sandbox crashed or was reloaded). */
  timeoutMs?: number;
}

export class FigmaHost implements Host {
  readonly kind = "figma" as const;
  /** Figma layers have fills: a result can also go on top of the content's own fills. */
  readonly placeModes: readonly PlaceMode[] = ["layer", "fill"];
  private nextBatch = 1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly watchers = new Set<(c: LayerChoice) => void>();
  private last: LayerChoice | null = null;
  private readySent = false;
  private readonly post: (msg: UiToSandbox) => void;
  private readonly timeoutMs: number;

  constructor(opts: FigmaHostOptions = {}) {
    this.post = opts.post ?? ((msg) => window.parent.postMessage({ pluginMessage: msg }, "*"));
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    const sender = "sender" in opts ? opts.sender : window.parent;
    (opts.source ?? window).addEventListener("message", (e: MessageEvent) => {
      if (e.source !== sender) return;
      const data: unknown = e.data;
      if (typeof data === "object" && data !== null && "pluginMessage" in data) this.receive((data as { pluginMessage: unknown }).pluginMessage);
    });
  }

  private receive(raw: unknown): void {
    const msg = parseSandboxMessage(raw);
    if (!msg) return;
    if (msg.type === "selection") {
      this.last = msg.choice;
      for (const w of this.watchers) w(msg.choice);
      return;
    }
    const p = this.pending.get(msg.requestId);
    if (!p) return; // an answer to a request we gave up on
    this.pending.delete(msg.requestId);
    clearTimeout(p.timer);
    if (msg.type === "failed") p.reject(new Error(msg.message));
    else if (msg.type !== p.expect) p.reject(new Error(`Figma answered “${msg.type}” where “${p.expect}” was expected.`));
    else p.resolve(msg);
  }

  private request<T extends Answer["type"]>(expect: T, build: (requestId: number) => UiToSandbox): Promise<Extract<Answer, { type: T }>> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error("Figma did not answer. Close Restyle and open it again."));
      }, this.timeoutMs);
      this.pending.set(requestId, { expect, resolve: resolve as (m: Answer) => void, reject, timer });
      this.post(build(requestId));
    });
  }

  watchLayers(onChange: (c: LayerChoice) => void): () => void {
    this.watchers.add(onChange);
    if (this.last) onChange(this.last);
    if (!this.readySent) {
      this.readySent = true;
      this.post({ type: "ready" }); // the sandbox answers with the current selection
    }
    return () => this.watchers.delete(onChange);
  }

  async exportLayer(id: string, maxSide: number): Promise<Uint8Array> {
    return (await this.request("exported", (requestId) => ({ type: "export", requestId, id, maxSide }))).png;
  }

  async placeResult(request: PlaceRequest): Promise<string> {
    return (await this.request("placed", (requestId) => ({ type: "place", requestId, request }))).nodeId;
  }

  /**
   * A batch as one undo step: each result staged in its own message (one image per message),
   * then placed together by the sandbox, all or none (src/shared/protocol.ts).
   */
  async placeResults(requests: PlaceRequest[]): Promise<string[]> {
    if (requests.length === 0) return [];
    const batchId = this.nextBatch++;
    const count = requests.length;
    for (const [index, request] of requests.entries()) {
      await this.request("staged", (requestId) => ({ type: "stage", requestId, batchId, index, count, request }));
    }
    const { nodeIds } = await this.request("placed-all", (requestId) => ({ type: "place-staged", requestId, batchId, count }));
    if (nodeIds.length !== count) throw new Error(`Figma placed ${nodeIds.length} results where ${count} were sent.`);
    return nodeIds;
  }

  async loadSettings(): Promise<Partial<PanelSettings>> {
    return (await this.request("settings", (requestId) => ({ type: "load-settings", requestId }))).settings;
  }

  async saveSettings(settings: PanelSettings): Promise<void> {
    await this.request("saved", (requestId) => ({ type: "save-settings", requestId, settings }));
  }

  notify(message: string, isError = false): void {
    this.post({ type: "notify", message, error: isError });
  }
}

/**
 * One live engine as the page sees it: an Endpoint (engine-routes.ts) whose typed messages
 * (engine-protocol.ts) become promises. It is ready once the engine says so; it closes for good
 * when the engine's WebGL context dies, its worker throws, or the panel lets it go.
 */
import { RestyleError } from "../../engine/errors";
import { CONTEXT_LOST } from "../../shared/context-lost";
import { errorFrom, parseFromWorker, transferables, type FromWorker, type ToWorker } from "../../shared/engine-protocol";
import { EngineUnavailable, type Endpoint } from "./engine-routes";

/** Far longer than parsing the engine bundle takes; past this the route is taken as broken (and the next one tried). */
const READY_TIMEOUT_MS = 10_000;

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;
export type Request = Distribute<Exclude<ToWorker, { type: "cancel" }>>;
export type Reply = Exclude<FromWorker, { type: "ready" | "context-lost" | "error" }>;

interface Pending {
  /** Returns true when this message settles the request. */
  onReply(m: Reply): boolean;
  resolve(): void;
  reject(e: unknown): void;
}

export class Connection {
  readonly ready: Promise<void>;
  /** Presets whose tensors this engine holds (the page sends each set once per engine). */
  readonly loaded = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead = false;

  /** `onLost`: the engine's WebGL context died. `onGone`: this connection is closed, for whatever reason. */
  constructor(
    private readonly endpoint: Endpoint,
    private readonly onLost: () => void,
    private readonly onGone: () => void,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      let started = false;
      const timer = setTimeout(() => reject(new EngineUnavailable("the engine did not start in time")), READY_TIMEOUT_MS);
      endpoint.listen(
        (data) => {
          const m = parseFromWorker(data);
          if (!m) return console.warn("restyle: ignored a malformed message from the engine", data);
          if (m.type === "ready") return (clearTimeout(timer), (started = true), resolve());
          this.receive(m);
        },
        (message) => {
          clearTimeout(timer);
          if (!started) return reject(new EngineUnavailable(message));
          // After it started: an uncaught error in the worker. Runs in flight fail; the next one gets a fresh engine.
          this.close(new RestyleError("backend-unavailable", "The style transfer stopped unexpectedly. Press Run to try again.", message));
        },
      );
    });
    this.ready.catch((e: unknown) => this.close(e));
  }

  private receive(m: Exclude<FromWorker, { type: "ready" }>): void {
    if (m.type === "context-lost") {
      this.close(CONTEXT_LOST);
      this.onLost();
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return; // a request given up on (cancelled): its late answers do not matter
    if (m.type === "error") {
      this.pending.delete(m.id);
      p.reject(errorFrom(m));
    } else if (p.onReply(m)) {
      this.pending.delete(m.id);
      p.resolve();
    }
  }

  /** Sends one request; `onReply` sees its answers until it returns true. Aborting rejects at once. */
  async request(req: Request, onReply: (m: Reply) => boolean, signal?: AbortSignal): Promise<void> {
    await this.ready;
    if (this.dead) throw CONTEXT_LOST;
    const id = this.nextId++;
    const msg = { ...req, id } as ToWorker;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.post({ type: "cancel", id });
        reject(signal?.reason instanceof RestyleError ? signal.reason : new RestyleError("cancelled", "The run was cancelled."));
      };
      const done = () => signal?.removeEventListener("abort", onAbort);
      this.pending.set(id, { onReply, resolve: () => (done(), resolve()), reject: (e) => (done(), reject(e)) });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort);
      this.post(msg);
    });
  }

  private post(m: ToWorker): void {
    this.endpoint.post(m, transferables(m));
  }

  close(reason: unknown): void {
    if (this.dead) return;
    this.dead = true;
    // An engine on the panel's thread outlives its channel: tell it to stop what it was doing.
    for (const id of this.pending.keys()) this.post({ type: "cancel", id });
    this.endpoint.close();
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    this.onGone();
  }
}

/**
 * The panel's side of the engine worker: starts it from a Blob URL of the panel's own script (see
 * boot.ts), turns the typed messages of engine-protocol.ts into promises, and replaces the worker
 * with a fresh one when its WebGL context dies (a fresh worker is a fresh tfjs and a fresh context:
 * simpler and surer than repairing the old one, and a lost context may have left a run hanging).
 */
import { RestyleError } from "../../engine/errors";
import type { PresetName, StylizeResult } from "../../engine/types";
import { CONTEXT_LOST } from "./backend";
import { errorFrom, fromWire, parseFromWorker, toWire, transferables, type FromWorker, type ToWorker } from "./engine-protocol";
import type { Engine, EngineInfo, WeightsRef } from "./engine";
import { ownScript } from "./own-script";

/** The worker could not start here (no Worker or OffscreenCanvas, a CSP that forbids blob: workers…): use the page. */
export class WorkerUnavailable extends Error {}

/** Parsing a 4 MB bundle on a busy machine takes seconds; past this the worker is taken as broken. */
const READY_TIMEOUT_MS = 30_000;

export function workersSupported(): boolean {
  return typeof Worker === "function" && typeof OffscreenCanvas === "function" && typeof URL.createObjectURL === "function" && ownScript() !== null;
}

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;
type Request = Distribute<Exclude<ToWorker, { type: "cancel" }>>;
type Reply = Exclude<FromWorker, { type: "ready" | "context-lost" | "error" }>;

interface Pending {
  /** Returns true when this message settles the request. */
  onReply(m: Reply): boolean;
  resolve(): void;
  reject(e: unknown): void;
}

class Connection {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead = false;

  /** `onLost`: the worker's WebGL context died. `onGone`: this connection is closed, for whatever reason. */
  constructor(
    source: string,
    private readonly onLost: () => void,
    private readonly onGone: () => void,
  ) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try {
      this.worker = new Worker(url);
    } catch (e) {
      URL.revokeObjectURL(url);
      throw new WorkerUnavailable(`new Worker failed: ${String(e)}`);
    }
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new WorkerUnavailable("the engine worker did not start in time")), READY_TIMEOUT_MS);
      const settle = () => (clearTimeout(timer), URL.revokeObjectURL(url));
      this.worker.addEventListener("message", (e) => {
        const m = parseFromWorker(e.data);
        if (!m) return console.warn("restyle: ignored a malformed message from the engine worker", e.data);
        if (m.type === "ready") return (settle(), resolve());
        this.receive(m);
      });
      this.worker.addEventListener("error", (e) => {
        settle();
        reject(new WorkerUnavailable(`the engine worker failed to start: ${e.message}`)); // a no-op once ready
        // After it started: an uncaught error in the worker. Runs in flight fail; the next one gets a fresh worker.
        this.close(new RestyleError("backend-unavailable", "The style transfer stopped unexpectedly. Press Run to try again.", e.message));
      });
    });
    this.ready.catch(() => this.close(new WorkerUnavailable("the engine worker did not start")));
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
    this.worker.postMessage(m, transferables(m));
  }

  close(reason: unknown): void {
    if (this.dead) return;
    this.dead = true;
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    this.onGone();
  }
}

/** The engine in a worker. Throws WorkerUnavailable (from any method) when the worker cannot run here. */
export function workerEngine(): Engine {
  const source = ownScript();
  if (!source || !workersSupported()) throw new WorkerUnavailable("workers or OffscreenCanvas are missing");
  const lostListeners = new Set<() => void>();
  /** Files the user picked, replayed into every fresh worker so they survive a lost context. */
  const picked = new Map<PresetName, ReadonlyMap<string, Uint8Array>>();
  let conn: Connection | null = null;
  let replayed: Promise<void> = Promise.resolve();

  const install = (c: Connection, files: ReadonlyMap<string, Uint8Array>) => {
    let out: { preset: PresetName; layers: number } | null = null;
    // Copies: the page keeps its bytes for the next fresh worker.
    const wire: Array<[string, ArrayBuffer]> = [...files].map(([n, b]) => [n, b.slice().buffer as ArrayBuffer]);
    return c
      .request({ type: "install-weights", files: wire }, (m) => (m.type === "weights-installed" ? ((out = { preset: m.preset, layers: m.layers }), true) : false))
      .then(() => out!);
  };

  /** The live connection, a fresh one after a lost context (created at once, so it is warm by the next run). */
  const connection = (): Connection => {
    if (!conn) {
      const c: Connection = new Connection(
        source,
        () => {
          for (const l of lostListeners) l();
          connection(); // the replacement starts at once, so it is warm by the next run
        },
        () => {
          if (conn === c) conn = null;
        },
      );
      conn = c;
      // The picked weights go in before any other request, so a run never loads the built-in ones instead.
      replayed = Promise.all([...picked.values()].map((files) => install(c, files))).then(() => undefined);
    }
    return conn;
  };
  const ready = async (): Promise<Connection> => {
    const c = connection();
    await c.ready;
    await replayed.catch(() => undefined); // files that passed once pass again; a failure shows on the run
    return c;
  };
  connection(); // start parsing now: the first run should not wait for it

  return {
    where: "worker",
    async start(): Promise<EngineInfo> {
      const c = await ready();
      let info: EngineInfo | null = null;
      await c.request({ type: "start" }, (m) => (m.type === "backend" ? ((info = { name: m.name, note: m.note, where: "worker" }), true) : false));
      return info!;
    },
    async installWeights(files) {
      const out = await install(await ready(), files);
      picked.set(out.preset, files);
      return out;
    },
    async weights(preset, hooks): Promise<WeightsRef> {
      const c = await ready();
      await c.request(
        { type: "load-weights", preset },
        (m) => {
          if (m.type === "weights-progress") hooks.onProgress(m.loaded, m.total);
          return m.type === "weights-ready";
        },
        hooks.signal,
      );
      return { preset };
    },
    async stylize(w, input, options, hooks): Promise<StylizeResult> {
      const c = await ready();
      let result: StylizeResult | null = null;
      const req: Request = {
        type: "run",
        preset: w.preset,
        content: toWire(input.content),
        styles: input.styles.map((s) => ({ image: toWire(s.image), ...(s.weight !== undefined ? { weight: s.weight } : {}) })),
        ...(input.init ? { init: toWire(input.init) } : {}),
        options,
      };
      await c.request(
        req,
        (m) => {
          if (m.type === "progress") hooks.onProgress?.({ ...m.progress, ...(m.preview ? { preview: fromWire(m.preview) } : {}) });
          if (m.type === "result") result = { image: fromWire(m.image), stats: m.stats };
          return m.type === "result";
        },
        hooks.signal,
      );
      return result!;
    },
    onContextLost(cb) {
      lostListeners.add(cb);
      return () => lostListeners.delete(cb);
    },
    afterContextLost() {
      // The worker that lost it is gone already; its replacement starts clean.
    },
    dispose() {
      conn?.close(new RestyleError("cancelled", "The panel closed."));
      conn = null;
    },
  };
}

/**
 * The engine's side of the protocol (engine-protocol.ts): tfjs (WebGL, on an OffscreenCanvas in a
 * worker, else the CPU), the weights' tensors and `stylize`, answering the panel's messages. It runs
 * in the engine worker, or on the panel's thread behind a MessageChannel when no worker may start;
 * the same code either way, so the fallback is not a second engine to keep in step.
 */
import { isRestyleError, RestyleError, toRestyleError } from "../engine/errors";
import { stylize } from "../engine/stylize";
import type { StylizeInput } from "../engine/types";
import { isNonNegInt, isObj } from "../kit/guards";
import { gpuLost, onContextLost, startBackend } from "./backend";
import { errorMessage, filesFromWire, fromWire, ownWire, parseToWorker, transferables, type FromWorker, type ToWorker } from "../shared/engine-protocol";
import { decodePng, encodePng } from "../shared/png-codec";
import { cachedWeights, dropWeights, installPickedWeights, loadPresetWeights } from "./weights-cache";

/** What serveEngine needs of its channel: a DedicatedWorkerGlobalScope, or a MessagePort (see portScope). */
export interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: "message", listener: (e: MessageEvent) => void): void;
}

/** This global scope when it is a dedicated worker (the engine's), else null (the page). */
export function engineWorkerScope(): WorkerScope | null {
  const g = globalThis as { WorkerGlobalScope?: unknown; document?: unknown; postMessage?: unknown };
  return typeof g.WorkerGlobalScope === "function" && g.document === undefined && typeof g.postMessage === "function"
    ? (globalThis as unknown as WorkerScope)
    : null;
}

/** A MessagePort as the engine's channel (messages flow once started). */
export function portScope(port: MessagePort): WorkerScope {
  return {
    postMessage: (m, transfer) => port.postMessage(m, transfer),
    addEventListener(type, listener) {
      port.addEventListener(type, listener);
      port.start();
    },
  };
}

/** One run: the preset's cached weights, progress and previews as they come, the result at the end. */
async function runStylize(m: Extract<ToWorker, { type: "run" }>, generation: number, signal: AbortSignal, post: (m: FromWorker) => void): Promise<void> {
  const weights = await cachedWeights(m.preset, generation);
  const result = await stylize(weights, stylizeInput(m), m.options, {
    signal,
    onProgress: ({ preview, ...progress }) => post({ type: "progress", id: m.id, progress, ...(preview ? { preview: ownWire(preview) } : {}) }),
  });
  post({ type: "result", id: m.id, image: ownWire(result.image), stats: result.stats });
}

export function serveEngine(scope: WorkerScope): void {
  const post = (m: FromWorker) => scope.postMessage(m, transferables(m));
  const inFlight = new Map<number, AbortController>();
  let watching = false;
  let stopWatching: () => void = () => undefined;

  const fail = (id: number, e: unknown) => post(errorMessage(id, isRestyleError(e) ? e : toRestyleError(e)));

  /** The backend, watched for a lost context once: the panel then drops this worker and starts a fresh one. */
  const backend = async () => {
    const info = await startBackend();
    if (!watching) {
      watching = true;
      // Once: the panel drops this channel on the news. (On the panel's thread the backend outlives it.)
      stopWatching = onContextLost(() => {
        stopWatching();
        for (const ac of inFlight.values()) ac.abort();
        dropWeights();
        post({ type: "context-lost" });
      });
    }
    return info;
  };

  async function handle(m: Exclude<ToWorker, { type: "cancel" }>, signal: AbortSignal): Promise<void> {
    switch (m.type) {
      case "start": {
        const { name, note, probe } = await backend();
        post({ type: "backend", id: m.id, name, note, ...(probe ? { probe } : {}) });
        return;
      }
      case "install-weights": {
        const { generation } = await backend();
        const { preset, layers } = await installPickedWeights(filesFromWire(m.files), generation);
        post({ type: "weights-installed", id: m.id, preset, layers });
        return;
      }
      case "load-weights": {
        const { generation } = await backend();
        await loadPresetWeights(m.preset, filesFromWire(m.files), generation, {
          signal,
          onProgress: (loaded, total) => post({ type: "weights-progress", id: m.id, loaded, total }),
        });
        post({ type: "weights-ready", id: m.id });
        return;
      }
      case "run":
        return runStylize(m, (await backend()).generation, signal, post);
      case "decode":
      case "encode":
        return post(await codec(m));
    }
  }

  scope.addEventListener("message", (e) => {
    const m = parseToWorker(e.data);
    if (!m) {
      // No id to answer to when the message is unreadable; a readable id gets a typed error.
      const id = idOf(e.data);
      if (id >= 0) fail(id, new RestyleError("bad-options", "The panel sent the engine a message it could not read.", JSON.stringify(e.data)?.slice(0, 200)));
      return;
    }
    if (m.type === "cancel") {
      inFlight.get(m.id)?.abort();
      return;
    }
    const ac = new AbortController();
    inFlight.set(m.id, ac);
    handle(m, ac.signal)
      .catch(async (err) => {
        // A lost GPU fails every request in flight by the "context-lost" message: no second, misleading answer (a lost device's reads fail as aborts).
        if (await gpuLost()) return;
        fail(m.id, ac.signal.aborted && !isRestyleError(err) ? new RestyleError("cancelled", "The run was cancelled.") : err);
      })
      .finally(() => inFlight.delete(m.id));
  });
  post({ type: "ready" });
}

/** The panel's images through the browser's codecs, here rather than on the panel's thread. */
async function codec(m: Extract<ToWorker, { type: "decode" | "encode" }>): Promise<FromWorker> {
  if (m.type === "decode") return { type: "decoded", id: m.id, image: ownWire(await decodePng(new Uint8Array(m.bytes), m.what)) };
  const png = await encodePng(fromWire(m.image));
  return { type: "encoded", id: m.id, png: png.byteLength === png.buffer.byteLength ? (png.buffer as ArrayBuffer) : png.slice().buffer };
}

/** A run's pictures, as stylize takes them. */
function stylizeInput(m: Extract<ToWorker, { type: "run" }>): StylizeInput {
  return {
    content: fromWire(m.content),
    styles: m.styles.map((s) => ({ image: fromWire(s.image), weight: s.weight })),
    ...(m.init ? { init: fromWire(m.init) } : {}),
  };
}

/** The id of a message the engine could not read, or -1 when it has none. */
function idOf(data: unknown): number {
  return isObj(data) && isNonNegInt(data.id) ? data.id : -1;
}

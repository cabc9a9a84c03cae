/**
 * The ways the page can start the engine bundle, in the order they are tried: a worker from a
 * data: URL (what Figma's opaque-origin iframe allows), a worker from a blob: URL (refused there,
 * fine elsewhere), and the panel's own thread behind a MessageChannel (the slower mode). Each
 * opens an Endpoint the connection talks through; refusing routes throw EngineUnavailable, at once
 * or as an error before the engine says it is ready.
 */
import type { ToWorker } from "../../shared/engine-protocol";
import { messageOf } from "../../kit/message-of";
import { engineDataUrl } from "./engine-source";
import { PAGE_ENGINE_KEY, type PageEngineGlobal } from "../../shared/page-engine";

export type EngineRoute = "data-url-worker" | "blob-url-worker" | "panel-thread";

export const ROUTES: readonly EngineRoute[] = ["data-url-worker", "blob-url-worker", "panel-thread"];

export const ROUTE_NAMES: Record<EngineRoute, string> = {
  "data-url-worker": "worker (data: URL)",
  "blob-url-worker": "worker (blob: URL)",
  "panel-thread": "panel thread",
};

/** This route cannot run the engine here; the next one is tried. */
export class EngineUnavailable extends Error {}

export interface Endpoint {
  post(m: ToWorker, transfer: Transferable[]): void;
  /** `onError`: the engine failed to load, or threw later (a worker's uncaught error). */
  listen(onMessage: (data: unknown) => void, onError: (message: string) => void): void;
  close(): void;
}

export function openEndpoint(route: EngineRoute, source: string): Endpoint {
  switch (route) {
    case "data-url-worker": {
      const url = engineDataUrl(source);
      if (!url) throw new EngineUnavailable("the engine's source is too long for a data: URL");
      return workerEndpoint(url, () => undefined);
    }
    case "blob-url-worker": {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      return workerEndpoint(url, () => URL.revokeObjectURL(url));
    }
    case "panel-thread":
      return panelThreadEndpoint(source);
  }
}

function workerEndpoint(url: string, release: () => void): Endpoint {
  if (typeof Worker !== "function" || typeof OffscreenCanvas !== "function") {
    release();
    throw new EngineUnavailable("this browser has no Worker or OffscreenCanvas");
  }
  let worker: Worker;
  try {
    worker = new Worker(url);
  } catch (e) {
    release();
    throw new EngineUnavailable(`refused: ${messageOf(e)}`);
  }
  return {
    post: (m, transfer) => worker.postMessage(m, transfer),
    listen(onMessage, onError) {
      worker.addEventListener("message", (e) => onMessage(e.data));
      // A refused or unloadable script is a plain Event; an uncaught throw in the worker an ErrorEvent.
      worker.addEventListener("error", (e) =>
        onError(e instanceof ErrorEvent && e.message ? e.message : "the worker's script did not load (refused by the page's policy?)"),
      );
    },
    close() {
      worker.terminate();
      release();
    },
  };
}

/**
 * Runs the engine bundle as a script element (once per page; no eval), then connects to it through
 * a fresh MessageChannel. A page policy that forbids inline scripts leaves no engine: said plainly.
 */
function panelThreadEndpoint(source: string): Endpoint {
  const g = globalThis as PageEngineGlobal;
  if (!g[PAGE_ENGINE_KEY] && typeof document !== "undefined") {
    try {
      const script = document.createElement("script");
      script.textContent = source;
      (document.head ?? document.documentElement).append(script);
      script.remove(); // it ran on insertion; the text need not stay in the DOM
    } catch (e) {
      // E.g. a Trusted Types policy refusing a plain string as script text.
      throw new EngineUnavailable(`the page refused the engine's script: ${messageOf(e)}`);
    }
  }
  const serve = g[PAGE_ENGINE_KEY];
  if (!serve) throw new EngineUnavailable("the page did not run the engine's script (its Content Security Policy?)");
  const channel = new MessageChannel();
  serve(channel.port2);
  return {
    post: (m, transfer) => channel.port1.postMessage(m, transfer),
    listen(onMessage) {
      channel.port1.onmessage = (e) => onMessage(e.data);
    },
    close() {
      channel.port1.close();
    },
  };
}

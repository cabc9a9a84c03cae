/**
 * Where the panel's runs happen. The engine bundle is started by the first route that works here
 * (engine-routes.ts: a data: URL worker, a blob: URL worker, then the panel's own thread), and the
 * routes tried are kept for the panel's diagnostics. A worker that has no WebGL while the page has
 * it counts as not working (the page's GPU beats a worker's CPU). Decided once, then kept.
 */
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { engineSource } from "./engine-source";
import { EngineUnavailable, ROUTE_NAMES, ROUTES, type EngineRoute } from "./engine-routes";
import { remoteEngine, type RemoteEngine } from "./remote-engine";
import type { RunDeps } from "./run-job";

/** Names the weights of a preset the engine holds; the tensors themselves stay wherever the engine runs. */
export interface WeightsRef {
  readonly preset: PresetName;
}

export interface EngineInfo {
  /** tfjs backend: "webgl" or "cpu". */
  name: string;
  /** Shown to the user when not on the GPU; null on WebGL. */
  note: string | null;
  where: "worker" | "main";
  route: EngineRoute;
  /** Each route tried before this one, and why it was passed over. */
  tried: string[];
}

export interface Engine extends Pick<RunDeps<WeightsRef>, "weights" | "stylize"> {
  readonly where: "worker" | "main";
  /** Starts (or restarts after a lost context) the backend. */
  start(): Promise<EngineInfo>;
  /** Checks and keeps files the user picked; they serve their preset from then on. */
  installWeights(files: ReadonlyMap<string, Uint8Array>): Promise<{ preset: PresetName; layers: number }>;
  onContextLost(cb: () => void): () => void;
  /** After a lost context: forget what lived on it. */
  afterContextLost(): void;
  dispose(): void;
}

/** Shown on the panel when the engine shares its thread. */
export const PANEL_THREAD_NOTE =
  "Restyle runs on the panel's own thread here, the slower mode: this editor did not allow a background worker. The panel stays usable, but runs take longer.";

/** Whether this page can get a WebGL context (without loading tfjs, which lives in the engine bundle). */
function pageHasWebgl(): boolean {
  try {
    const c = document.createElement("canvas");
    return !!(c.getContext("webgl2") ?? c.getContext("webgl"));
  } catch {
    return false;
  }
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Tries the routes in order. Each is opened at once (its script parsed, so the engine is warm by
 * the first run); the first one that opens is started on the first request, and a worker that
 * then has no WebGL while the page has it gives way to the next route.
 */
export function createEngine(routes: readonly EngineRoute[] = ROUTES): Engine {
  const tried: string[] = [];
  let active: Engine | null = null;
  let info: EngineInfo | null = null;
  const lostListeners = new Set<() => void>();
  const source = engineSource();

  /** The first route from `from` on whose engine opens, with its index. */
  const openFrom = async (from: number): Promise<[RemoteEngine, number]> => {
    if (!source) throw new RestyleError("backend-unavailable", "This page has no engine to run (a build without its engine bundle).");
    for (let i = from; i < routes.length; i++) {
      let e: RemoteEngine | null = null;
      try {
        e = remoteEngine(routes[i], source);
        await e.opened;
        return [e, i];
      } catch (err) {
        e?.dispose();
        if (!(err instanceof EngineUnavailable)) throw err;
        tried.push(`${ROUTE_NAMES[routes[i]]}: ${reason(err)}`);
      }
    }
    throw new RestyleError("backend-unavailable", "The style transfer engine could not start in this panel.", tried.join("; "));
  };
  // After the current task: the panel paints first, then the engine's source is encoded and parsed.
  let opening = new Promise((resolve) => setTimeout(resolve, 0)).then(() => openFrom(0));
  opening.catch(() => undefined);

  const choose = async (): Promise<Engine> => {
    for (;;) {
      const [e, i] = await opening;
      const got = await e.start().catch((err: unknown) => {
        e.dispose();
        throw err;
      });
      if (got.where === "worker" && got.name !== "webgl" && pageHasWebgl()) {
        tried.push(`${ROUTE_NAMES[routes[i]]}: no WebGL in the worker, while the page has it`);
        e.dispose();
        // Another worker would lack it just the same: on to the first route that is not a worker.
        const next = routes.findIndex((r, k) => k > i && r === "panel-thread");
        opening = openFrom(next < 0 ? routes.length : next);
        continue;
      }
      active = e;
      info = { ...got, tried: [...tried] };
      e.onContextLost(() => lostListeners.forEach((l) => l()));
      console.info(`restyle: engine on the ${ROUTE_NAMES[routes[i]]}, ${got.name}${tried.length ? ` (passed over: ${tried.join("; ")})` : ""}`);
      return e;
    }
  };
  let chosen: Promise<Engine> | null = null;
  /** The engine, chosen on the first request; when every route was refused, the next request tries them all again. */
  const engine = (): Promise<Engine> => {
    if (!chosen) {
      const c = (chosen = choose());
      c.catch(() => {
        if (chosen !== c) return;
        chosen = null;
        tried.length = 0;
        opening = openFrom(0);
        opening.catch(() => undefined);
      });
    }
    return chosen;
  };

  return {
    get where() {
      return active?.where ?? "worker";
    },
    async start() {
      const e = await engine();
      const got = await e.start();
      return { ...got, tried: info?.tried ?? [] };
    },
    installWeights: async (files) => (await engine()).installWeights(files),
    weights: async (preset, hooks) => (await engine()).weights(preset, hooks),
    stylize: async (w, input, options, hooks) => (await engine()).stylize(w, input, options, hooks),
    onContextLost(cb) {
      lostListeners.add(cb);
      return () => lostListeners.delete(cb);
    },
    afterContextLost: () => active?.afterContextLost(),
    dispose() {
      void (chosen ?? opening.then(([e]) => e)).then((e) => e.dispose(), () => undefined);
    },
  };
}

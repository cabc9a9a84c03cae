/**
 * The panel's engine: one object that is the run's deps (run-job.ts) and answers them over the
 * message protocol. The engine bundle is started by the first route that works here
 * (engine-routes.ts: a data: URL worker, a blob: URL worker, then the panel's own thread), and the
 * routes tried are kept for the panel's diagnostics. A worker that has no WebGL while the page has
 * it counts as not working (the page's GPU beats a worker's CPU). Decided once, then kept. Each
 * preset's weight files go to an engine once (weight-files.ts decides which); they stay on the
 * page, so an engine started afresh after a lost context gets them again without a download.
 */
import { RestyleError } from "../../engine/errors";
import type { PresetName, StylizeResult } from "../../engine/types";
import { messageOf } from "../../kit/message-of";
import type { Connection, Request } from "../engine-link/engine-connection";
import { filesToWire, fromWire, toWire } from "../../shared/engine-protocol";
import { engineSource } from "../engine-link/engine-source";
import { EngineUnavailable, ROUTE_NAMES, ROUTES, type EngineRoute } from "../engine-link/engine-routes";
import { decodePng, encodePng } from "./png-codec";
import { RouteConnection } from "../engine-link/route-connection";
import type { RunDeps } from "./run-job";
import { keepPickedFiles, presetWeightFiles } from "../../weights/browser/weight-files";
import type { ProbeResult } from "../../shared/probe-result";

/** Names the weights of a preset the engine holds; the tensors themselves stay wherever the engine runs. */
export interface WeightsRef {
  readonly preset: PresetName;
}

export interface EngineInfo {
  /** tfjs backend: "webgpu", "webgl" or "cpu". */
  name: string;
  /** Shown to the user when not on the GPU; null on WebGL. */
  note: string | null;
  where: "worker" | "main";
  route: EngineRoute;
  /** Each route tried before this one, and why it was passed over. */
  tried: string[];
  /** The WebGPU/WebGL probe's figures, where the browser offers WebGPU. */
  probe?: ProbeResult;
}

export interface Engine extends RunDeps<WeightsRef> {
  readonly where: "worker" | "main";
  /** Starts (or restarts after a lost context) the backend. */
  start(): Promise<EngineInfo>;
  /** Checks and keeps files the user picked; they serve their preset from then on. */
  installWeights(files: ReadonlyMap<string, Uint8Array>): Promise<{ preset: PresetName; layers: number }>;
  /** The engine's WebGL context died (the one path that news takes); returns an unsubscribe function. */
  onContextLost(cb: () => void): () => void;
  /** After a lost context: forget what lived on it (nothing here: the engine that lost it is gone, its replacement starts clean). */
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

/** Asks an engine for its backend. */
async function startOn(link: RouteConnection, tried: readonly string[]): Promise<EngineInfo> {
  const c = await link.ready();
  let got: { name: string; note: string | null; probe?: ProbeResult } | null = null;
  await c.request({ type: "start" }, (m) => (m.type === "backend" ? ((got = { name: m.name, note: m.note, ...(m.probe ? { probe: m.probe } : {}) }), true) : false));
  return { ...got!, where: link.where, route: link.route, tried: [...tried] };
}

/**
 * Tries the routes in order. Each is opened at once (its script parsed, so the engine is warm by
 * the first run); the first one that opens is started on the first request, and a worker that
 * then has no WebGL while the page has it gives way to the next route.
 */
export function createEngine(routes: readonly EngineRoute[] = ROUTES): Engine {
  const tried: string[] = [];
  let active: RouteConnection | null = null;
  let info: EngineInfo | null = null;
  const lostListeners = new Set<() => void>();
  const contextLost = () => lostListeners.forEach((l) => l());
  const source = engineSource();

  /** The first route from `from` on whose engine opens. */
  const openFrom = async (from: number): Promise<RouteConnection> => {
    if (!source) throw new RestyleError("backend-unavailable", "This page has no engine to run (a build without its engine bundle).");
    for (let i = from; i < routes.length; i++) {
      let link: RouteConnection | null = null;
      try {
        link = new RouteConnection(routes[i], source, contextLost);
        await link.opened;
        return link;
      } catch (err) {
        link?.dispose();
        if (!(err instanceof EngineUnavailable)) throw err;
        tried.push(`${ROUTE_NAMES[routes[i]]}: ${messageOf(err)}`);
      }
    }
    throw new RestyleError("backend-unavailable", "The style transfer engine could not start in this panel.", tried.join("; "));
  };
  // After the current task: the panel paints first, then the engine's source is encoded and parsed.
  let opening = new Promise((resolve) => setTimeout(resolve, 0)).then(() => openFrom(0));
  opening.catch(() => undefined);

  const choose = async (): Promise<RouteConnection> => {
    for (;;) {
      const link = await opening;
      const got = await startOn(link, tried).catch((err: unknown) => {
        link.dispose();
        throw err;
      });
      if (got.where === "worker" && got.name === "cpu" && pageHasWebgl()) {
        tried.push(`${link.name}: no WebGL in the worker, while the page has it`);
        link.dispose();
        // Another worker would lack it just the same: on to the first route that is not a worker.
        const i = routes.indexOf(link.route);
        const next = routes.findIndex((r, k) => k > i && r === "panel-thread");
        opening = openFrom(next < 0 ? routes.length : next);
        continue;
      }
      active = link;
      info = got;
      console.info(`restyle: engine on the ${link.name}, ${got.name}${tried.length ? ` (passed over: ${tried.join("; ")})` : ""}`);
      return link;
    }
  };
  let chosen: Promise<RouteConnection> | null = null;
  /** The route, chosen on the first request; when every route was refused, the next request tries them all again. */
  const route = (): Promise<RouteConnection> => {
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
  const connection = async (): Promise<Connection> => (await route()).ready();

  return {
    get where() {
      return active?.where ?? "worker";
    },
    async start() {
      const got = await startOn(await route(), []);
      return { ...got, tried: info?.tried ?? [] };
    },
    async installWeights(files) {
      const c = await connection();
      let out: { preset: PresetName; layers: number } | null = null;
      await c.request({ type: "install-weights", files: filesToWire(files) }, (m) => (m.type === "weights-installed" ? ((out = { preset: m.preset, layers: m.layers }), true) : false));
      const installed: { preset: PresetName; layers: number } = out!;
      keepPickedFiles(installed.preset, files);
      c.loaded.add(installed.preset);
      return installed;
    },
    weights: async (preset, hooks) => {
      const link = await route();
      const files = await presetWeightFiles(preset, { onProgress: hooks.onProgress, signal: hooks.signal });
      const c = await link.ready();
      if (!c.loaded.has(preset)) {
        await c.request({ type: "load-weights", preset, files: filesToWire(files) }, (m) => m.type === "weights-ready", hooks.signal);
        c.loaded.add(preset);
      }
      return { preset };
    },
    stylize: async (w, input, options, hooks): Promise<StylizeResult> => {
      const c = await connection();
      let result: StylizeResult | null = null;
      // Copies: the panel keeps its inputs for a warm start, and a transfer would detach them.
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
    decode: decodePng,
    encode: encodePng,
    onContextLost(cb) {
      lostListeners.add(cb);
      return () => lostListeners.delete(cb);
    },
    afterContextLost: () => undefined,
    dispose() {
      void (chosen ?? opening).then((link) => link.dispose(), () => undefined);
    },
  };
}

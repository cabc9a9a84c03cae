/**
 * The engine behind the message protocol, on one route (engine-routes.ts): it sends each preset's
 * weight files once per engine (weight-files.ts decides which), runs, and replaces the engine with
 * a fresh one on the same route when its WebGL context dies (a fresh worker is a fresh tfjs and a
 * fresh context: simpler and surer than repairing the old one, and a lost context may have left a
 * run hanging). The files stay on the page, so the fresh engine gets them again without a download.
 */
import { RestyleError } from "../../engine/errors";
import type { PresetName, StylizeResult } from "../../engine/types";
import { Connection, type Request } from "./engine-connection";
import { filesToWire, fromWire, toWire } from "./engine-protocol";
import { openEndpoint, type EngineRoute } from "./engine-routes";
import type { Engine, EngineInfo } from "./engine";
import { keepPickedFiles, presetWeightFiles } from "./weight-files";

/** An engine on one route; `opened` settles once its script runs (rejects with EngineUnavailable when the route is refused). */
export type RemoteEngine = Engine & { readonly opened: Promise<void> };

/** Opens the route now (so the engine is warm by the first run); throws EngineUnavailable when it is refused at once. */
export function remoteEngine(route: EngineRoute, source: string): RemoteEngine {
  const where = route === "panel-thread" ? "main" : "worker";
  const lostListeners = new Set<() => void>();
  let conn: Connection | null = null;

  const connection = (): Connection => {
    if (!conn) {
      const c: Connection = new Connection(
        openEndpoint(route, source),
        () => {
          for (const l of lostListeners) l();
          void Promise.resolve().then(() => connection().ready.catch(() => undefined)); // warm again by the next run
        },
        () => {
          if (conn === c) conn = null;
        },
      );
      conn = c;
    }
    return conn;
  };
  const ready = async (): Promise<Connection> => {
    const c = connection();
    await c.ready;
    return c;
  };
  const opened = connection().ready;
  opened.catch(() => undefined);

  return {
    where,
    opened,
    async start(): Promise<EngineInfo> {
      const c = await ready();
      let info: EngineInfo | null = null;
      await c.request({ type: "start" }, (m) => (m.type === "backend" ? ((info = { name: m.name, note: m.note, where, route, tried: [] }), true) : false));
      return info!;
    },
    async installWeights(files) {
      const c = await ready();
      let out: { preset: PresetName; layers: number } | null = null;
      await c.request({ type: "install-weights", files: filesToWire(files) }, (m) => (m.type === "weights-installed" ? ((out = { preset: m.preset, layers: m.layers }), true) : false));
      const installed: { preset: PresetName; layers: number } = out!;
      keepPickedFiles(installed.preset, files);
      c.loaded.add(installed.preset);
      return installed;
    },
    async weights(preset, hooks) {
      const files = await presetWeightFiles(preset, { onProgress: hooks.onProgress, signal: hooks.signal });
      const c = await ready();
      if (!c.loaded.has(preset)) {
        await c.request({ type: "load-weights", preset, files: filesToWire(files) }, (m) => m.type === "weights-ready", hooks.signal);
        c.loaded.add(preset);
      }
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
      // The engine that lost it is gone already; its replacement starts clean.
    },
    dispose() {
      conn?.close(new RestyleError("cancelled", "The panel closed."));
      conn = null;
    },
  };
}

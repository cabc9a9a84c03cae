/**
 * The panel's engine: one object that is the run's deps (run-job.ts) and answers them over the
 * message protocol. The engine bundle is started by the first route that works here
 * (route-choice.ts decides, once, and keeps the routes tried for the panel's diagnostics). Each
 * preset's weight files go to an engine once (weight-files.ts decides which); they stay on the
 * page, so an engine started afresh after a lost context gets them again without a download.
 */
import type { PresetName, RgbaImage, StylizeResult } from "../../engine/types";
import type { Connection, Request } from "../engine-link/engine-connection";
import { filesToWire, fromWire, toWire } from "../../shared/engine-protocol";
import { ROUTES, type EngineRoute } from "../engine-link/engine-routes";
import { RouteChoice, startOn, type EngineInfo } from "../engine-link/route-choice";
import type { RunDeps } from "./run-job";
import { keepPickedFiles, presetWeightFiles } from "../../weights/browser/weight-files";

export type { EngineInfo } from "../engine-link/route-choice";

/** Names the weights of a preset the engine holds; the tensors themselves stay wherever the engine runs. */
export interface WeightsRef {
  readonly preset: PresetName;
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

/** The engine on the first route that works (route-choice.ts), answering the run's deps over the protocol. */
export function createEngine(routes: readonly EngineRoute[] = ROUTES): Engine {
  const lostListeners = new Set<() => void>();
  const choice = new RouteChoice(routes, () => lostListeners.forEach((l) => l()));
  const route = () => choice.route();
  const connection = async (): Promise<Connection> => (await route()).ready();

  return {
    get where() {
      return choice.active?.where ?? "worker";
    },
    async start() {
      const got = await startOn(await route(), []);
      return { ...got, tried: choice.info?.tried ?? [] };
    },
    async installWeights(files) {
      const c = await connection();
      let out: { preset: PresetName; layers: number } | null = null;
      await c.request({ type: "install-weights", files: filesToWire(files) }, (m) =>
        m.type === "weights-installed" ? ((out = { preset: m.preset, layers: m.layers }), true) : false,
      );
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
    // In the engine's worker: a canvas on the panel's thread can stall it behind the GPU the engine keeps busy.
    decode: async (bytes, what) => {
      const c = await connection();
      let image: RgbaImage | null = null;
      // A copy: the caller may keep its bytes (a built-in style's), and a transfer would detach them.
      await c.request({ type: "decode", bytes: bytes.slice().buffer, what }, (m) => (m.type === "decoded" ? ((image = fromWire(m.image)), true) : false));
      return image!;
    },
    encode: async (img) => {
      const c = await connection();
      let png: Uint8Array | null = null;
      await c.request({ type: "encode", image: toWire(img) }, (m) => (m.type === "encoded" ? ((png = new Uint8Array(m.png)), true) : false));
      return png!;
    },
    onContextLost(cb) {
      lostListeners.add(cb);
      return () => lostListeners.delete(cb);
    },
    afterContextLost: () => undefined,
    dispose: () => choice.dispose(),
  };
}

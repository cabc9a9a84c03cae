/**
 * Where the panel's runs happen. In a Web Worker when the browser can (WebGL on an OffscreenCanvas
 * there), so shader compiles and the optimisation never block the panel; on the page otherwise (no
 * Worker or OffscreenCanvas, a worker that cannot start, or a worker without WebGL on a page that
 * has it). `where` says which, for the tests and for debugging.
 */
import { stylize } from "../../engine/stylize";
import type { PresetName } from "../../engine/types";
import { onContextLost, startBackend, webglAvailable } from "./backend";
import type { RunDeps } from "./run-job";
import { dropWeights, getWeights, installPickedWeights } from "./weights-cache";
import { WorkerUnavailable, workerEngine, workersSupported } from "./worker-engine";

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

/** The engine on the page's own thread: the fallback, and what the panel did before the worker. */
export function mainThreadEngine(): Engine {
  const generation = async () => (await startBackend()).generation;
  return {
    where: "main",
    async start() {
      const { name, note } = await startBackend();
      return { name, note, where: "main" };
    },
    async installWeights(files) {
      return installPickedWeights(files, await generation());
    },
    async weights(preset, hooks) {
      await getWeights(preset, await generation(), hooks);
      return { preset };
    },
    async stylize(w, input, options, hooks) {
      // Cached by getWeights: the same tensors the "weights" stage loaded.
      return stylize(await getWeights(w.preset, await generation()), input, options, hooks);
    },
    onContextLost,
    afterContextLost: dropWeights,
    dispose: dropWeights,
  };
}

/**
 * The worker when it starts and has WebGL (or the page has none either: the CPU in a worker still
 * keeps the panel responsive), the page otherwise. Decided on the first start, then kept.
 */
export function createEngine(): Engine {
  let worker: Engine | null = null;
  if (workersSupported()) {
    try {
      worker = workerEngine();
    } catch (e) {
      if (!(e instanceof WorkerUnavailable)) throw e;
    }
  }
  let active: Engine | null = worker ? null : mainThreadEngine();
  const lostListeners = new Set<() => void>();
  const forward = () => lostListeners.forEach((l) => l());
  let unsubscribe = active ? active.onContextLost(forward) : () => false;

  const choose = async (): Promise<Engine> => {
    if (active) return active;
    try {
      const info = await worker!.start();
      if (info.name === "webgl" || !webglAvailable()) active = worker!;
      else console.info("restyle: no WebGL in the engine worker; running on the page instead");
    } catch (e) {
      if (!(e instanceof WorkerUnavailable)) throw e;
      console.info(`restyle: ${e.message}; running on the page instead`);
    }
    if (!active) {
      worker!.dispose();
      active = mainThreadEngine();
    }
    worker = null;
    unsubscribe = active.onContextLost(forward);
    return active;
  };

  return {
    get where() {
      return active?.where ?? "worker";
    },
    start: async () => (await choose()).start(),
    installWeights: async (files) => (await choose()).installWeights(files),
    weights: async (preset, hooks) => (await choose()).weights(preset, hooks),
    stylize: async (w, input, options, hooks) => (await choose()).stylize(w, input, options, hooks),
    onContextLost(cb) {
      lostListeners.add(cb);
      return () => lostListeners.delete(cb);
    },
    afterContextLost: () => active?.afterContextLost(),
    dispose() {
      unsubscribe();
      (active ?? worker)?.dispose();
    },
  };
}

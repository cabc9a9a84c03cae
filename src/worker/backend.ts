/**
 * Starts TensorFlow.js on the best backend this browser has: where it offers WebGPU, a short probe
 * (backend-probe.ts) picks WebGPU or WebGL; else WebGL (the user's GPU); else the CPU with a plain
 * note that it will be slow. (The wasm backend needs its .wasm binary as a separate file, which a
 * single-file Figma panel cannot ship.) Also watches for a lost WebGL context or WebGPU device:
 * both take the one context-lost path. Runs on the page (the fallback) or in the engine worker:
 * nothing here may assume a document.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-webgl";
// Registers "webgpu" only where the browser exposes navigator.gpu.
import "@tensorflow/tfjs-backend-webgpu";
// tfjs-core's ESM entry registers no gradients; the engine needs them (tf.grad).
import "../engine/register-gradients";
import type { MathBackendWebGL } from "@tensorflow/tfjs-backend-webgl";
import { RestyleError } from "../engine/errors";
import { WEBGL_FLAGS } from "../engine/defaults";
import { probeGpuBackends } from "./backend-probe";
import type { ProbeResult } from "../shared/probe-result";

export interface BackendInfo {
  name: string;
  /** Shown to the user when we are not on the GPU; null on WebGL or WebGPU. */
  note: string | null;
  /** Bumped whenever the backend is rebuilt: tensors from an older generation are gone. */
  generation: number;
  /** The WebGPU/WebGL probe's figures, where the browser offers WebGPU. */
  probe?: ProbeResult;
}

/** What tfjs's WebGPU backend exposes of its device (its own types need the WebGPU DOM types). */
interface WebgpuDevice {
  lost: Promise<unknown>;
  destroy(): void;
}

let current: BackendInfo | null = null;
let generation = 0;
let lost = false;
const lostListeners = new Set<() => void>();

/** Whether tfjs can get a WebGL context here: on the page, or in a worker (where it needs WebGL2 on an OffscreenCanvas). */
export function webglAvailable(): boolean {
  try {
    if (typeof document !== "undefined") {
      const c = document.createElement("canvas");
      return !!(c.getContext("webgl2") ?? c.getContext("webgl"));
    }
    return typeof OffscreenCanvas !== "undefined" && !!new OffscreenCanvas(1, 1).getContext("webgl2");
  } catch {
    return false;
  }
}

/** Whether this browser offers a WebGPU adapter (the backend registers only where navigator.gpu exists). */
async function webgpuAvailable(): Promise<boolean> {
  if (!tf.findBackendFactory("webgpu")) return false;
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  try {
    return !!(gpu && (await gpu.requestAdapter()));
  } catch {
    return false;
  }
}

/** Drops a backend's instance and registers its factory again, so the next use builds it afresh (tfjs caches a dead context or device otherwise). */
function resetBackend(name: "webgl" | "webgpu"): void {
  const factory = tf.findBackendFactory(name);
  if (!factory) return;
  const instance = tf.engine().registry[name] as { device?: WebgpuDevice } | undefined;
  try {
    tf.removeBackend(name);
  } catch {
    /* already gone */
  }
  // The probe's loser: free its device now rather than at garbage collection.
  if (name === "webgpu") instance?.device?.destroy();
  tf.registerBackend(name, factory, name === "webgpu" ? 3 : 2);
}

function contextLost(): void {
  if (lost) return;
  lost = true;
  for (const l of lostListeners) l();
}

function watchContext(): void {
  const backend = tf.backend() as MathBackendWebGL;
  const canvas = backend.getGPGPUContext?.().gl.canvas;
  if (!canvas || !("addEventListener" in canvas)) return;
  const gen = generation;
  canvas.addEventListener("webglcontextlost", () => gen === generation && contextLost(), { once: true });
}

/** The WebGPU device in use, while it is. */
let device: WebgpuDevice | null = null;

function watchDevice(): void {
  const d = (tf.backend() as unknown as { device?: WebgpuDevice }).device ?? null;
  device = d;
  const gen = generation;
  // Any loss of the device in use (a driver reset, or destroyed under us) is a lost context; this generation's only.
  void d?.lost.then(() => gen === generation && contextLost());
}

/** How long a failed request waits for a WebGPU device's loss to be announced. */
const LOSS_NEWS_MS = 200;

/**
 * Whether the GPU was lost. A lost WebGPU device fails its pending reads (as an AbortError) a
 * moment before its `lost` promise settles, so on WebGPU this waits briefly for that news.
 */
export async function gpuLost(): Promise<boolean> {
  if (lost) return true;
  const d = current?.name === "webgpu" ? device : null;
  if (!d) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const news = await Promise.race([d.lost.then(() => true), new Promise<boolean>((ok) => (timer = setTimeout(() => ok(false), LOSS_NEWS_MS)))]);
  clearTimeout(timer);
  return news;
}

/** Makes `name` the active backend with Restyle's settings; false when it does not start. */
async function use(name: "webgpu" | "webgl"): Promise<boolean> {
  if (!(await tf.setBackend(name).catch(() => false))) return false;
  await tf.ready();
  if (name === "webgl") {
    for (const [flag, value] of Object.entries(WEBGL_FLAGS)) tf.env().set(flag, value);
    // On the panel's thread every shader compile blocks the panel; with shapes as uniforms a program
    // compiled for one scale serves the next ones too (a little slower per op, far fewer compiles).
    if (typeof document !== "undefined") tf.env().set("WEBGL_USE_SHAPES_UNIFORMS", true);
  }
  return true;
}

let starting: Promise<BackendInfo> | null = null;

/** The backend, started once; a second caller during the start (and its probe) waits for the same one. */
export function startBackend(): Promise<BackendInfo> {
  if (current && !lost) return Promise.resolve(current);
  starting ??= start().finally(() => (starting = null));
  return starting;
}

async function start(): Promise<BackendInfo> {
  if (lost) {
    if (current?.name === "webgl" || current?.name === "webgpu") resetBackend(current.name);
    lost = false;
  }
  generation++;
  device = null;
  const webgl = webglAvailable();
  const probe = (await webgpuAvailable()) ? await probeGpuBackends(use, webgl, () => resetBackend("webgpu")) : undefined;
  if (probe?.picked === "webgpu" && (await use("webgpu"))) {
    if (webgl) resetBackend("webgl"); // the probe's textures and context: not needed on this path
    watchDevice();
    current = { name: "webgpu", note: null, generation, probe };
    return current;
  }
  if (probe) resetBackend("webgpu");
  if (webgl && (await use("webgl"))) {
    watchContext();
    current = { name: tf.getBackend(), note: null, generation, ...(probe ? { probe: { ...probe, picked: "webgl" } } : {}) };
  } else if (await tf.setBackend("cpu").catch(() => false)) {
    current = {
      name: "cpu",
      note: "WebGL is not available in this browser, so Restyle runs on the CPU: expect minutes rather than seconds. Lite quality and a small output size help.",
      generation,
      ...(probe ? { probe: { ...probe, picked: "cpu" } } : {}),
    };
  } else {
    throw new RestyleError("backend-unavailable", "Neither WebGL nor the CPU backend could start in this browser.");
  }
  return current;
}

/** Calls back when the GPU context (WebGL) or device (WebGPU) is lost mid-session; returns an unsubscribe function. */
export function onContextLost(cb: () => void): () => void {
  lostListeners.add(cb);
  return () => lostListeners.delete(cb);
}

export { CONTEXT_LOST } from "../shared/context-lost";

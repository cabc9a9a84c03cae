/**
 * Starts TensorFlow.js on the best backend this browser has: WebGL (the user's GPU), else the CPU
 * with a plain note that it will be slow. (The wasm backend needs its .wasm binary as a separate
 * file, which a single-file Figma panel cannot ship.) Also watches for a lost WebGL context.
 * Runs on the page (the fallback) or in the engine worker: nothing here may assume a document.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-webgl";
// tfjs-core's ESM entry registers no gradients; the engine needs them (tf.grad).
import "../../engine/register-gradients";
import type { MathBackendWebGL } from "@tensorflow/tfjs-backend-webgl";
import { RestyleError } from "../../engine/errors";
import { WEBGL_FLAGS } from "../../engine/defaults";

export interface BackendInfo {
  name: string;
  /** Shown to the user when we are not on the GPU; null on WebGL. */
  note: string | null;
  /** Bumped whenever the backend is rebuilt: tensors from an older generation are gone. */
  generation: number;
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

/** Rebuilds the webgl backend after a context loss (tfjs caches the dead context otherwise). */
function resetWebgl(): void {
  const factory = tf.findBackendFactory("webgl");
  if (!factory) return;
  try {
    tf.removeBackend("webgl");
  } catch {
    /* already gone */
  }
  tf.registerBackend("webgl", factory, 2);
}

function watchContext(): void {
  const backend = tf.backend() as MathBackendWebGL;
  const canvas = backend.getGPGPUContext?.().gl.canvas;
  if (!canvas || !("addEventListener" in canvas)) return;
  canvas.addEventListener(
    "webglcontextlost",
    () => {
      lost = true;
      for (const l of lostListeners) l();
    },
    { once: true },
  );
}

export async function startBackend(): Promise<BackendInfo> {
  if (current && !lost) return current;
  if (lost) {
    resetWebgl();
    lost = false;
  }
  generation++;
  if (webglAvailable() && (await tf.setBackend("webgl").catch(() => false))) {
    await tf.ready();
    for (const [flag, value] of Object.entries(WEBGL_FLAGS)) tf.env().set(flag, value);
    // On the panel's thread every shader compile blocks the panel; with shapes as uniforms a program
    // compiled for one scale serves the next ones too (a little slower per op, far fewer compiles).
    if (typeof document !== "undefined") tf.env().set("WEBGL_USE_SHAPES_UNIFORMS", true);
    watchContext();
    current = { name: tf.getBackend(), note: null, generation };
  } else if (await tf.setBackend("cpu").catch(() => false)) {
    current = { name: "cpu", note: "WebGL is not available in this browser, so Restyle runs on the CPU: expect minutes rather than seconds. Lite quality and a small output size help.", generation };
  } else {
    throw new RestyleError("backend-unavailable", "Neither WebGL nor the CPU backend could start in this browser.");
  }
  return current;
}

/** Calls back when the GPU context is lost mid-session; returns an unsubscribe function. */
export function onContextLost(cb: () => void): () => void {
  lostListeners.add(cb);
  return () => lostListeners.delete(cb);
}

export { CONTEXT_LOST } from "./context-lost";

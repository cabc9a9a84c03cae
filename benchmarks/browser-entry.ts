/**
 * The bench page's script (bundled by browser-bench.ts): exposes window.restyleBench, which times
 * one preset/size with the same timeIterations the Node bench uses. The backend is WebGL unless the
 * page's query says `?backend=wasm` (then `threads=N` sets XNNPACK's thread count; tfjs picks its
 * threaded binary only where the page is cross-origin isolated).
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-webgl";
import { getThreadsCount, setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import "../src/engine/register-gradients";
import { WEBGL_FLAGS } from "../src/engine/defaults";
import { presetLayers } from "../src/weights/core/preset-layers";
import { randomVggWeights } from "../src/weights/core/random";
import { timeIterations, type TimingRequest, type TimingResult } from "./time-iterations";

export interface BrowserInfo {
  backend: string;
  renderer: string;
  vendor: string;
  webglVersion: number;
  maxTextureSize: number;
  float32Render: boolean;
  userAgent: string;
  /** Only on a wasm page: what tfjs chose. */
  wasm?: WasmInfo;
}

export interface WasmInfo {
  /** XNNPACK's threads as tfjs reports them (1 on the single-threaded binaries). */
  threads: number;
  crossOriginIsolated: boolean;
  simd: boolean;
  multithread: boolean;
  hardwareConcurrency: number;
}

async function startWasm(threads: number): Promise<WasmInfo> {
  // The .wasm binaries are served beside the page (browser-bench.ts copies them).
  setWasmPaths(new URL("./", location.href).href);
  if (threads > 0) setThreadsCount(threads);
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend could not start");
  await tf.ready();
  return {
    threads: getThreadsCount(),
    crossOriginIsolated: self.crossOriginIsolated === true,
    simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT") as boolean,
    multithread: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT") as boolean,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

async function info(): Promise<BrowserInfo> {
  const query = new URLSearchParams(location.search);
  const wasm = query.get("backend") === "wasm" ? await startWasm(Number(query.get("threads") ?? 0)) : undefined;
  if (!wasm) {
    const ok = await tf.setBackend("webgl");
    if (!ok) throw new Error("the webgl backend could not start");
    await tf.ready();
  }
  // As the product runs (src/worker/backend.ts).
  for (const [flag, value] of Object.entries(WEBGL_FLAGS)) tf.env().set(flag, value);
  const canvas = document.createElement("canvas");
  const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
  const ext = gl?.getExtension("WEBGL_debug_renderer_info");
  return {
    backend: tf.getBackend(),
    renderer: gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : "none",
    vendor: gl ? String(gl.getParameter(ext ? ext.UNMASKED_VENDOR_WEBGL : gl.VENDOR)) : "none",
    webglVersion: tf.env().getNumber("WEBGL_VERSION"),
    maxTextureSize: tf.env().getNumber("WEBGL_MAX_TEXTURE_SIZE"),
    float32Render: tf.env().getBool("WEBGL_RENDER_FLOAT32_ENABLED"),
    userAgent: navigator.userAgent,
    wasm,
  };
}

async function bench(req: TimingRequest): Promise<TimingResult> {
  const weights = randomVggWeights(presetLayers(req.preset), 1);
  const saved = Object.fromEntries(Object.keys(req.tfFlags ?? {}).map((k) => [k, tf.env().get(k)]));
  for (const [k, v] of Object.entries(req.tfFlags ?? {})) tf.env().set(k, v);
  try {
    return await timeIterations(weights, req);
  } finally {
    weights.dispose();
    for (const [k, v] of Object.entries(saved)) tf.env().set(k, v);
  }
}

declare global {
  interface Window {
    restyleBench: { info: typeof info; bench: typeof bench };
  }
}
window.restyleBench = { info, bench };

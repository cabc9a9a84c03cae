/**
 * The bench page's script (bundled by browser-bench.ts): exposes window.restyleBench, which times
 * one preset/size on WebGL with the same timeIterations the Node bench uses.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-webgl";
import "../src/engine/register-gradients";
import { WEBGL_FLAGS } from "../src/engine/defaults";
import { presetLayers } from "../src/weights/core/preset-layers";
import { randomVggWeights } from "../src/weights/core/random";
import { timeIterations, type TimingRequest, type TimingResult } from "./time-iterations";
import { sizeCost, type SizeCostRequest, type SizeCostResult } from "./size-cost";
import type { RgbaImage } from "../src/engine/types";

export interface BrowserInfo {
  backend: string;
  renderer: string;
  vendor: string;
  webglVersion: number;
  maxTextureSize: number;
  float32Render: boolean;
  userAgent: string;
  /** The WebGPU adapter the page is offered, if any (the engine's start probe decides whether to use it). */
  webgpu: string;
}

async function webgpuAdapter(): Promise<string> {
  type Adapter = { info?: { vendor?: string; architecture?: string } };
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (!gpu) return "navigator.gpu absent";
  const a = await gpu.requestAdapter().catch(() => null);
  return a ? `adapter ${a.info?.vendor ?? "?"} ${a.info?.architecture ?? ""}`.trim() : "no WebGPU adapter";
}

async function info(): Promise<BrowserInfo> {
  if (!(await tf.setBackend("webgl"))) throw new Error("the webgl backend could not start");
  await tf.ready();
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
    webgpu: await webgpuAdapter(),
  };
}

async function bench(req: TimingRequest): Promise<TimingResult> {
  const weights = randomVggWeights(presetLayers(req.preset), 1);
  try {
    return await timeIterations(weights, req);
  } finally {
    weights.dispose();
  }
}

/** A 4:3 picture of smooth blobs (or stripes): what it costs to paint does not depend on what it shows. */
function synthetic(width: number, height: number, stripes: boolean): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        const v = stripes ? Math.sin(((x + y / 2) / width) * 40 * (c + 1)) : Math.sin((x / width) * 4 * (c + 1)) * Math.cos((y / height) * 3 * (c + 1));
        data[(y * width + x) * 4 + c] = 127.5 + 110 * v;
      }
  data.forEach((_, i) => (i % 4 === 3 ? (data[i] = 255) : undefined));
  return { width, height, data };
}

/** One scale's cost at a size on WebGL (size-cost.ts), lite, random weights, synthetic 4:3 pictures. */
async function resolution(req: SizeCostRequest): Promise<SizeCostResult> {
  const weights = randomVggWeights(presetLayers("lite"), 1);
  try {
    return await sizeCost(weights, synthetic(1024, 768, false), synthetic(512, 512, true), req);
  } finally {
    weights.dispose();
  }
}

declare global {
  interface Window {
    restyleBench: { info: typeof info; bench: typeof bench; resolution: typeof resolution };
  }
}
window.restyleBench = { info, bench, resolution };

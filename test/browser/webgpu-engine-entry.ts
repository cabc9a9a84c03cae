/**
 * Bundled into a page by webgpu-engine.test.ts (Chromium launched with WebGPU): the engine's
 * backend start with its WebGPU/WebGL probe, a run on the backend it picked, and the same small
 * gradient and run forced onto WebGPU and onto cpu, so the two can be compared number for number.
 */
import * as tf from "@tensorflow/tfjs-core";
import { startBackend, type BackendInfo } from "../../src/worker/backend";
import { stylize } from "../../src/engine/stylize";
import { randomVggWeights } from "../../src/weights/core/random";
import { noiseImage as image } from "../helpers/noise-image";

const LITE = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"];

export interface StartReport {
  info: BackendInfo;
  /** Wall time of the whole start, probe included. */
  startMs: number;
  /** Tensors alive after the start (the probe must leave none). */
  tensors: number;
}

export interface RunReport {
  backend: string;
  lossStart: number;
  lossEnd: number;
  leakedTensors: number;
  ms: number;
  pixels: number[];
}

async function start(): Promise<StartReport> {
  const t0 = performance.now();
  const info = await startBackend();
  return { info, startMs: performance.now() - t0, tensors: tf.memory().numTensors };
}

/** A lite stylize on the active backend (or on `backend`, forced), at a tiny size. */
async function run(backend?: string, iterations = 2): Promise<RunReport> {
  if (backend && !(await tf.setBackend(backend))) throw new Error(`the ${backend} backend could not start`);
  await tf.ready();
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  const weights = randomVggWeights(LITE, 4);
  const r = await stylize(
    weights,
    { content: image(16, 16, 1), styles: [{ image: image(16, 16, 2) }] },
    { preset: "lite", size: 16, workingSize: 16, iterations, scales: [1], stopTolerance: 0 },
  );
  weights.dispose();
  return {
    backend: tf.getBackend(),
    lossStart: r.stats.lossStart.total,
    lossEnd: r.stats.lossEnd.total,
    leakedTensors: tf.memory().numTensors - before,
    ms: performance.now() - t0,
    pixels: Array.from(r.image.data),
  };
}

const api = { start, run, adapter: async () => !!(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()) };

declare global {
  interface Window {
    restyleWebgpu: typeof api;
  }
}
window.restyleWebgpu = api;

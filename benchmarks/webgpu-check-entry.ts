/**
 * The WebGPU check's page script (bundled by webgpu-check.ts): the engine's own tests, run on the
 * WebGPU backend and on the cpu backend in the same page, so the two can be compared number for
 * number. WebGPU is adopted only if these agree (tfjs has had WebGPU conv-gradient bugs).
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-webgpu";
import "../src/engine/register-gradients";
import { createVgg19 } from "../src/engine/vgg19";
import { stylize } from "../src/engine/stylize";
import { randomVggWeights } from "../src/weights/core/random";
import { presetLayers } from "../src/weights/core/preset-layers";
import { startBackend } from "../src/worker/backend";
import type { ProbeResult } from "../src/shared/probe-result";
import { noiseImage as image } from "../test/helpers/noise-image";

export interface BackendRun {
  backend: string;
  /** Hand-written backward pass against tfjs autodiff on this backend (relative L2 error). */
  backwardVsAutodiff: number;
  /** Directional derivative from the gradient against a central finite difference of the same loss. */
  gradientVsFiniteDifference: number;
  lossStart: number;
  lossEnd: number;
  leakedTensors: number;
  ms: number;
  gradient: number[];
  pixels: number[];
}

export interface WebgpuReport {
  adapter: string;
  runs: BackendRun[];
  /** WebGPU against cpu: relative L2 error of the input gradient, and the largest pixel difference of the results. */
  gradientWebgpuVsCpu?: number;
  maxPixelDiff?: number;
  /** The product's start-up probe (backend.ts) on this browser, and how long the whole start took. */
  probe?: ProbeResult;
  startMs?: number;
  error?: string;
}

const TAPS = ["conv1_1", "conv2_1", "conv3_1"];
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
};

async function onBackend(name: string): Promise<BackendRun> {
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend could not start`);
  await tf.ready();
  const t0 = performance.now();
  const before = tf.memory().numTensors;
  const weights = randomVggWeights(presetLayers("lite"), 4);
  const net = createVgg19(weights, TAPS);
  const img = tf.randomUniform([1, 24, 20, 3], 0, 255, "float32", 5) as tf.Tensor4D;
  const lossOf = (t: tf.Tensor4D) => {
    const f = net.features(t);
    return tf.addN(TAPS.map((l) => tf.mul(tf.sum(tf.square(f[l])), 0.5))) as tf.Scalar;
  };
  const mine = net.inputGradient(img, (_, f) => f.clone());
  const theirs = tf.grad((t: tf.Tensor) => lossOf(t as tf.Tensor4D))(img);
  const g = Array.from(await mine.data());
  const backwardVsAutodiff = relErr(g, Array.from(await theirs.data()));
  // Central difference along a random direction, in float32: a step large enough to beat rounding.
  const dir = tf.randomNormal(img.shape, 0, 1, "float32", 6);
  const eps = 0.5;
  const [up, down, dd] = tf.tidy(() => [lossOf(tf.add(img, tf.mul(dir, eps)) as tf.Tensor4D), lossOf(tf.sub(img, tf.mul(dir, eps)) as tf.Tensor4D), tf.sum(tf.mul(mine, dir))]);
  const fd = ((await up.data())[0] - (await down.data())[0]) / (2 * eps);
  const analytic = (await dd.data())[0];
  const gradientVsFiniteDifference = Math.abs(fd - analytic) / Math.abs(analytic);
  tf.dispose([mine, theirs, img, dir, up, down, dd]);
  net.dispose();

  // End to end: the engine's stylize at 32 px, as the panel would run it.
  const r = await stylize(weights, { content: image(32, 24, 1), styles: [{ image: image(24, 24, 2) }] }, { preset: "lite", size: 32, workingSize: 32, iterations: 8, scales: [1], stopTolerance: 0 });
  weights.dispose();
  return {
    backend: tf.getBackend(),
    backwardVsAutodiff,
    gradientVsFiniteDifference,
    lossStart: r.stats.lossStart.total,
    lossEnd: r.stats.lossEnd.total,
    leakedTensors: tf.memory().numTensors - before,
    ms: performance.now() - t0,
    gradient: g,
    pixels: Array.from(r.image.data),
  };
}

async function run(): Promise<WebgpuReport> {
  type Adapter = { info?: Record<string, string> };
  const nav = navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } };
  const adapter = nav.gpu ? await nav.gpu.requestAdapter() : null;
  const report: WebgpuReport = { adapter: adapter ? `${adapter.info?.vendor ?? "?"} ${adapter.info?.architecture ?? ""} ${adapter.info?.description ?? ""}`.trim() : "none", runs: [] };
  if (!adapter) return report;
  try {
    const t0 = performance.now();
    report.probe = (await startBackend()).probe;
    report.startMs = performance.now() - t0;
    const gpu = await onBackend("webgpu");
    report.runs.push(gpu);
    const cpu = await onBackend("cpu");
    report.runs.push(cpu);
    report.gradientWebgpuVsCpu = relErr(gpu.gradient, cpu.gradient);
    report.maxPixelDiff = gpu.pixels.reduce((m, v, i) => Math.max(m, Math.abs(v - cpu.pixels[i])), 0);
  } catch (e) {
    report.error = e instanceof Error ? `${e.message}` : String(e);
  }
  for (const r of report.runs) {
    r.gradient = r.gradient.slice(0, 4);
    r.pixels = r.pixels.slice(0, 4);
  }
  return report;
}

declare global {
  interface Window {
    restyleWebgpuCheck: () => Promise<WebgpuReport>;
  }
}
window.restyleWebgpuCheck = run;

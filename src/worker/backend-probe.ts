/**
 * The start-up probe that picks WebGPU or WebGL: the engine's own forward + backward pass through
 * VGG19's first two blocks (seeded random weights, a small fixed image), once to warm up (shader
 * compiles) and then timed, on each backend in turn. WebGPU is kept only when it ran, agreed with
 * WebGL on the gradient (tfjs has had WebGPU conv-gradient bugs), and was faster; WebGL is the fallback.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createVgg19, type Vgg19 } from "../engine/vgg19";
import { randomVggWeights } from "../weights/core/random";
import { messageOf } from "../kit/message-of";
import type { ProbeResult } from "../shared/probe-result";

const LAYERS = ["conv1_1", "conv1_2", "conv2_1"];
const TAPS = ["conv1_1", "conv2_1"];
/** Small enough to take milliseconds on a GPU, large enough that the convolutions, not the dispatches, dominate. */
const SIZE = 32;
const TIMED_PASSES = 3;
/** Timed passes stop once they have taken this long (a software GPU): the first one is always timed. */
const TIMED_BUDGET_MS = 1_000;
/** Past this a backend is taken as hung and passed over. */
const PROBE_LIMIT_MS = 30_000;
/** float32 on two backends: the same sums in another order differ by ~1e-6 relative. */
const AGREEMENT = 1e-3;

export interface PassTiming {
  ms: number;
  /** A few numbers of the gradient, to compare backends with. */
  signature: number[];
}

/** One probe on the active backend; every tensor it makes is gone when it returns or throws. */
export async function timePass(): Promise<PassTiming> {
  const weights = randomVggWeights(LAYERS, 11);
  let net: Vgg19 | null = null;
  let img: tf.Tensor4D | null = null;
  let ramp: tf.Tensor4D | null = null;
  // The loss ½ Σ f² at each tap, whose gradient there is f itself.
  const pass = async (): Promise<number[]> => {
    const g = net!.inputGradient(img!, (_, f) => f.clone());
    const s = tf.tidy(() => tf.stack([tf.sum(g), tf.sum(tf.abs(g)), tf.sum(tf.mul(g, ramp!))]));
    g.dispose();
    const out = Array.from(await s.data());
    s.dispose();
    return out;
  };
  try {
    net = createVgg19(weights, TAPS);
    ramp = tf.tidy(() => tf.reshape(tf.range(0, SIZE * SIZE * 3), [1, SIZE, SIZE, 3]) as tf.Tensor4D);
    img = tf.tidy(() => tf.mul(tf.add(tf.sin(ramp!), 1), 127.5) as tf.Tensor4D);
    // The warm-up compiles the shaders (a cost the run pays once either way): not timed.
    const signature = await pass();
    const t0 = performance.now();
    let n = 0;
    do {
      await pass();
      n++;
    } while (n < TIMED_PASSES && performance.now() - t0 < TIMED_BUDGET_MS);
    return { ms: (performance.now() - t0) / n, signature };
  } finally {
    img?.dispose();
    ramp?.dispose();
    net?.dispose();
    weights.dispose();
  }
}

function withLimit<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms)));
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

const relDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(Math.abs(b[i]), 1e-6)));

/**
 * Times WebGPU, then WebGL (where `webgl`), and says which to keep. `use(name)` makes a backend
 * active and says whether it started; `drop()` discards WebGPU after a failure (so a start still
 * under way cannot take over later); the caller activates the one picked. Never throws.
 */
export async function probeGpuBackends(
  use: (name: "webgpu" | "webgl") => Promise<boolean>,
  webgl: boolean,
  drop: () => void = () => undefined,
): Promise<ProbeResult> {
  let gpu: PassTiming | null = null;
  let gl: PassTiming | null = null;
  let reason: string | undefined;
  try {
    // A device request can hang on a broken driver: bounded like the pass.
    if (await withLimit(use("webgpu"), PROBE_LIMIT_MS, "WebGPU's start")) gpu = await withLimit(timePass(), PROBE_LIMIT_MS, "the WebGPU probe");
    else reason = "WebGPU did not start";
  } catch (e) {
    reason = `WebGPU failed: ${messageOf(e)}`;
    drop();
  }
  if (webgl) {
    try {
      if (await use("webgl")) gl = await withLimit(timePass(), PROBE_LIMIT_MS, "the WebGL probe");
    } catch (e) {
      console.warn("restyle: the WebGL probe failed", e);
    }
  }
  return choose(gpu, gl, reason);
}

/** WebGPU when it ran, agreed with WebGL (where WebGL ran) and was faster; else WebGL, saying why. */
export function choose(gpu: PassTiming | null, gl: PassTiming | null, failure?: string): ProbeResult {
  let picked: "webgpu" | "webgl" = "webgl";
  let reason = failure;
  if (gpu && gl && relDiff(gpu.signature, gl.signature) > AGREEMENT)
    reason = `WebGPU's gradient disagreed with WebGL's by ${relDiff(gpu.signature, gl.signature).toExponential(1)}`;
  else if (gpu && gl && gpu.ms >= gl.ms) reason = "WebGL was faster";
  else if (gpu) picked = "webgpu";
  return { webgpuMs: gpu?.ms ?? null, webglMs: gl?.ms ?? null, picked, ...(reason ? { reason } : {}) };
}

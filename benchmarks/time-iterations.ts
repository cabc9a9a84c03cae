/**
 * ms per Gatys iteration (forward to the deepest tap + backward to the pixels) for one preset and
 * size on whatever tfjs backend is active. Pure tfjs, no Node or DOM: the Node bench and the
 * browser bench page run this same function. Built from the engine's own network and losses,
 * so it times exactly what a run does per gradient evaluation.
 */
import * as tf from "@tensorflow/tfjs-core";
import { PRESETS } from "../src/engine/defaults";
import { convStrategyFor } from "../src/engine/conv";
import { createObjectivePaced, styleGramsPaced } from "../src/engine/objective";
import { createPacer } from "../src/engine/yield";
import { createVgg19 } from "../src/engine/vgg19";
import type { PresetName } from "../src/engine/types";
import type { VggWeights } from "../src/engine/vgg-weights";

export interface TimingRequest {
  preset: PresetName;
  size: number;
  /** Timed iterations (at most; the budget may stop earlier, never before one). */
  iterations: number;
  /** Untimed iterations first (shader compilation, XNNPACK setup). */
  warmup: number;
  /** Stop timing once this much time has been spent on timed iterations. */
  budgetMs: number;
  /** One more iteration under tf.profile for peak tensor bytes (default true). */
  profile?: boolean;
}

export interface TimingResult {
  preset: PresetName;
  size: number;
  backend: string;
  setupMs: number;
  warmupMs: number[];
  timedMs: number[];
  medianMs: number;
  /** tf.profile's peak tensor bytes during one iteration (all tensors, any backend); absent with profile off. */
  peakTensorBytes?: number;
  /** webgl only: peak of tf.memory().numBytesInGPU over the timed iterations (textures in use, temporaries included). */
  peakGpuBytes?: number;
  /** webgl only: bytes of GPU textures allocated (the texture pool's high-water mark). */
  gpuBytesAllocated?: number;
  loss: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Smooth blobs (content) and stripes (style) in 0–255, like the PyTorch reference's inputs. */
function syntheticImages(size: number): { content: tf.Tensor4D; style: tf.Tensor4D } {
  return tf.tidy(() => {
    const lin = tf.linspace(0, 1, size);
    const yy = tf.reshape(lin, [size, 1, 1]);
    const xx = tf.reshape(lin, [1, size, 1]);
    const ch = tf.reshape(tf.tensor1d([1, 2, 3]), [1, 1, 3]);
    const content = tf.add(127.5, tf.mul(100, tf.mul(tf.sin(tf.mul(xx, tf.mul(ch, 4))), tf.cos(tf.mul(yy, tf.mul(ch, 3))))));
    const style = tf.add(127.5, tf.mul(120, tf.sin(tf.mul(tf.add(xx, tf.mul(yy, 0.5)), tf.mul(ch, 40)))));
    return { content: tf.expandDims(content, 0) as tf.Tensor4D, style: tf.expandDims(style, 0) as tf.Tensor4D };
  });
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export async function timeIterations(weights: VggWeights, req: TimingRequest): Promise<TimingResult> {
  const t0 = now();
  const spec = PRESETS[req.preset];
  const styleLayers = Object.keys(spec.styleLayers);
  // The conv strategy the product picks for this backend.
  const conv = convStrategyFor(tf.getBackend());
  const net = createVgg19(weights, [...styleLayers, spec.contentLayer], { conv });
  const { content, style } = syntheticImages(req.size);
  const pause = createPacer();
  const grams = await styleGramsPaced(net, [{ rgb: style, weight: 1 }], styleLayers, pause);
  // The engine's own objective: exactly what a run evaluates per step.
  const objective = await createObjectivePaced(
    net,
    content,
    grams,
    { styleLayers: spec.styleLayers, contentLayer: spec.contentLayer, ratio: 100, tvWeight: 1e-4 },
    pause,
  );
  const img = content.clone();
  const gpuPeak = trackGpuPeak();
  let lastLoss = NaN;
  /** One evaluation, synchronised by reading a scalar that depends on the whole gradient. */
  const once = async (): Promise<number> => {
    const t = now();
    const { loss, parts, grad } = await objective.evaluate(img);
    const probe = tf.sum(grad);
    const [v] = await Promise.all([loss.data(), probe.data()]);
    lastLoss = v[0];
    tf.dispose([loss, parts, grad, probe]);
    return now() - t;
  };
  const setupMs = now() - t0;
  try {
    const warmupMs: number[] = [];
    for (let i = 0; i < req.warmup; i++) warmupMs.push(await once());
    const timedMs: number[] = [];
    let spent = 0;
    gpuPeak?.reset(); // after warm-up: shader compilation keeps nothing, but the first pass fills the texture pool
    while (timedMs.length < req.iterations && (timedMs.length === 0 || spent < req.budgetMs)) {
      const ms = await once();
      timedMs.push(ms);
      spent += ms;
    }
    // Tensor memory, measured on an extra untimed iteration: profiling slows kernels down.
    const prof = req.profile === false ? null : await tf.profile(async () => void (await once()));
    const mem = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number };
    return {
      preset: req.preset,
      size: req.size,
      backend: tf.getBackend(),
      setupMs: Math.round(setupMs),
      warmupMs: warmupMs.map(Math.round),
      timedMs: timedMs.map(Math.round),
      medianMs: Math.round(median(timedMs)),
      peakTensorBytes: prof?.peakBytes,
      peakGpuBytes: gpuPeak?.peak(),
      gpuBytesAllocated: mem.numBytesInGPUAllocated,
      loss: lastLoss,
    };
  } finally {
    gpuPeak?.stop();
    objective.dispose();
    tf.dispose([img, content, style, ...Object.values(grams)]);
    net.dispose();
  }
}

/**
 * WebGL only: the high-water mark of `tf.memory().numBytesInGPU`, which counts every texture in
 * use, im2col temporaries included (tf.profile sees only tensors). The backend keeps the figure
 * in a plain field that it adds to and subtracts from; watching that field catches every peak,
 * where sampling tf.memory() between ops would miss the ones inside a kernel.
 */
export function trackGpuPeak(): { peak(): number; reset(): void; stop(): void } | null {
  const backend = tf.backend() as unknown as { numBytesInGPU?: number };
  if (typeof backend.numBytesInGPU !== "number") return null;
  let value = backend.numBytesInGPU;
  let high = value;
  Object.defineProperty(backend, "numBytesInGPU", {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (v: number) => {
      value = v;
      if (v > high) high = v;
    },
  });
  return {
    peak: () => high,
    reset: () => {
      high = value;
    },
    stop: () => {
      Object.defineProperty(backend, "numBytesInGPU", { configurable: true, enumerable: true, writable: true, value });
    },
  };
}

/**
 * What L-BFGS costs beyond the network, counted rather than timed: kernels dispatched (tf.profile's
 * kernel list) and GPU→CPU reads (the backend's read/readSync) per objective evaluation, on the
 * real lite objective at 8 px on the cpu backend. Kernel counts do not depend on the size, and
 * every backend runs the same kernels, so this is what WebGL dispatches too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { createObjectivePaced, styleGramsPaced, type ScaleObjective } from "../../src/engine/objective";
import { createLbfgs } from "../../src/engine/optimizers/lbfgs";
import { createVgg19, type Vgg19 } from "../../src/engine/vgg19";
import { randomVggWeights } from "../../src/weights/core/random";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { cpu } from "../helpers/backend";

const { styleLayers, contentLayer } = PRESETS.lite;
let weights: VggWeights;
let net: Vgg19;
let objective: ScaleObjective;
let grams: Record<string, tf.Tensor2D>;
let content: tf.Tensor4D;

beforeAll(async () => {
  await cpu();
  const taps = tapsOf(styleLayers, contentLayer);
  weights = randomVggWeights(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"], 3);
  net = createVgg19(weights, taps);
  content = tf.randomUniform([1, 8, 8, 3], 0, 255, "float32", 5) as tf.Tensor4D;
  const style = tf.randomUniform([1, 8, 8, 3], 0, 255, "float32", 6) as tf.Tensor4D;
  grams = await styleGramsPaced(net, [{ rgb: style, weight: 1 }], Object.keys(styleLayers), async () => {});
  style.dispose();
  objective = await createObjectivePaced(net, content, grams, { styleLayers, contentLayer, ratio: 100, tvWeight: 0 }, async () => {});
});

afterAll(() => {
  objective.dispose();
  tf.dispose([content, ...Object.values(grams)]);
  net.dispose();
  weights.dispose();
});

/**
 * Kernels and reads while `f` runs. Reads made inside a kernel (the cpu backend's own kernels
 * read their inputs) are the backend's business, not a transfer: only reads outside kernels count.
 */
async function count(f: () => Promise<void>): Promise<{ kernels: number; reads: number; names: string[] }> {
  const backend = tf.backend() as tf.KernelBackend;
  const state = (tf.engine() as unknown as { state: { kernelDepth: number } }).state;
  const read = backend.read.bind(backend);
  const readSync = backend.readSync.bind(backend);
  let reads = 0;
  let reading = false; // the cpu backend's read() goes through its readSync(): one transfer
  const counted = <T>(r: () => T): T => {
    if (reading || state.kernelDepth > 0) return r();
    reads++;
    reading = true;
    try {
      return r();
    } finally {
      reading = false;
    }
  };
  backend.read = (id) => counted(() => read(id));
  backend.readSync = (id) => counted(() => readSync(id));
  try {
    const p = await tf.profile(async () => {
      await f();
      return [] as tf.Tensor[];
    });
    return { kernels: p.kernels.length, reads, names: p.kernels.map((k) => k.name) };
  } finally {
    backend.read = read;
    backend.readSync = readSync;
  }
}

describe("L-BFGS on the device: dispatches and reads per evaluation", () => {
  it("adds at most half the network's own forward + backward kernels, and reads once per evaluation", async () => {
    const network = await count(async () => {
      const e = await objective.evaluate(content);
      tf.dispose([e.loss, e.parts, e.grad]);
    });
    expect(network.reads).toBe(0);

    const opt = createLbfgs(objective.evaluate, { historySize: 20 });
    const x0 = tf.tidy(() => tf.add(content, tf.randomNormal(content.shape, 0, 20, "float32", 7))) as tf.Tensor4D;
    await opt.start(x0);
    // Fill the history (m = 20) so the two-loop recursion does its full work.
    let evals = 0;
    for (let i = 0; i < 24; i++) evals += (await opt.step()).evaluations;
    expect(evals).toBeGreaterThanOrEqual(24);
    let evaluations = 0;
    const steps = await count(async () => {
      for (let i = 0; i < 3; i++) evaluations += (await opt.step()).evaluations;
    });
    opt.dispose();
    const perEvaluation = steps.kernels / evaluations;
    console.log(
      `network forward+backward: ${network.kernels} kernels; L-BFGS step: ${perEvaluation.toFixed(1)} kernels and ${(steps.reads / evaluations).toFixed(2)} reads per evaluation (${evaluations} evaluations)`,
    );
    expect(steps.reads).toBe(evaluations);
    expect(perEvaluation).toBeLessThanOrEqual(1.5 * network.kernels);
  });

  it("keeps every matmul one shape from the first curvature pair on, so WebGL compiles each program once per scale", async () => {
    const opt = createLbfgs(objective.evaluate, { historySize: 6 });
    const x0 = tf.tidy(() => tf.add(content, tf.randomNormal(content.shape, 0, 20, "float32", 8))) as tf.Tensor4D;
    await opt.start(x0);
    await opt.step(); // the first pair
    const shapes = new Set<string>();
    const p = await tf.profile(async () => {
      for (let i = 0; i < 10; i++) await opt.step(); // fills the history (m = 6) and goes past it
      return [] as tf.Tensor[];
    });
    opt.dispose();
    for (const k of p.kernels) if (k.name === "BatchMatMul") shapes.add(JSON.stringify(k.inputShapes));
    // The network's Gram matmuls plus L-BFGS's three (products of v, of the history, the direction).
    const network = await tf.profile(async () => {
      const e = await objective.evaluate(content);
      tf.dispose([e.loss, e.parts, e.grad]);
      return [] as tf.Tensor[];
    });
    const networkShapes = new Set(network.kernels.filter((k) => k.name === "BatchMatMul").map((k) => JSON.stringify(k.inputShapes)));
    expect(shapes.size).toBeLessThanOrEqual(networkShapes.size + 3);
  });
});

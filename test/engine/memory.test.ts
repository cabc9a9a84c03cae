/**
 * Memory of one objective evaluation, measured with tf.profile (peak tensor bytes above what
 * was held before) against the model in memory.ts, and against tfjs's own tape, which keeps
 * every activation and every intermediate gradient until the backward pass ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { convStrategyFor } from "../../src/engine/conv";
import { PRESETS } from "../../src/engine/defaults";
import { contentLoss, gram, gramLoss } from "../../src/engine/losses";
import { evaluationPeakBytes, runPeakBytes } from "../../src/engine/memory";
import { createObjectivePaced, styleGramsPaced } from "../../src/engine/objective";
import { createVgg19 } from "../../src/engine/vgg19";
import { runSizes } from "../../src/engine/run-sizes";
import { resolveOptions } from "../../src/engine/options";
import { randomVggWeights } from "../../src/weights/core/random";
import { layersUpTo } from "../../src/engine/layers";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { wasm } from "../helpers/backend";

const spec = PRESETS.full;
const taps = [...Object.keys(spec.styleLayers), spec.contentLayer];
let weights: VggWeights;

beforeAll(async () => {
  await wasm();
  weights = randomVggWeights(
    layersUpTo(taps).map((l) => l.name),
    3,
  );
});
afterAll(() => weights.dispose());

async function peakAbove(f: () => void | Promise<void>): Promise<number> {
  const base = tf.memory().numBytes;
  const p = await tf.profile(async () => {
    await f();
    return [] as tf.Tensor[];
  });
  return p.peakBytes - base;
}

describe("one evaluation's memory (full preset, wasm backend, 96×64)", () => {
  const W = 96;
  const H = 64;

  it("stays within the model, the model is not loose, and it is well under tfjs's tape", async () => {
    const strategy = convStrategyFor("wasm");
    const net = createVgg19(weights, taps, { conv: strategy });
    const content = tf.randomUniform([1, H, W, 3], 0, 255, "float32", 1) as tf.Tensor4D;
    const style = tf.randomUniform([1, H, W, 3], 0, 255, "float32", 2) as tf.Tensor4D;
    const grams = await styleGramsPaced(net, [{ rgb: style, weight: 1 }], Object.keys(spec.styleLayers), async () => {});
    const objective = await createObjectivePaced(
      net,
      content,
      grams,
      { styleLayers: spec.styleLayers, contentLayer: spec.contentLayer, ratio: 10, tvWeight: 0 },
      async () => {},
    );
    const x = content.clone();

    const ours = await peakAbove(async () => {
      const e = await objective.evaluate(x);
      tf.dispose([e.loss, e.parts, e.grad]);
    });
    // The same objective through tf.valueAndGrad over the whole network.
    const target = tf.tidy(() => net.features(content)[spec.contentLayer]);
    const tape = await peakAbove(() => {
      const vg = tf.valueAndGrad((t: tf.Tensor) => {
        const f = net.features(t as tf.Tensor4D);
        const terms = Object.entries(spec.styleLayers).map(([l, w]) => tf.mul(gramLoss(gram(f[l]), grams[l]), 10 * w));
        return tf.addN([contentLoss(f[spec.contentLayer], target), ...terms]) as tf.Scalar;
      });
      const r = vg(x);
      tf.dispose([r.value, r.grad]);
    });
    const model = evaluationPeakBytes(taps, W, H, strategy);
    console.log(
      `evaluation peak: ${(ours / 2 ** 20).toFixed(2)} MB measured, ${(model / 2 ** 20).toFixed(2)} MB modelled, ${(tape / 2 ** 20).toFixed(2)} MB through tfjs's tape`,
    );
    expect(ours).toBeLessThanOrEqual(model);
    expect(model).toBeLessThan(1.5 * ours);
    expect(ours).toBeLessThan(0.6 * tape);
    tf.dispose([content, style, x, target, ...Object.values(grams)]);
    objective.dispose();
    net.dispose();
  });
});

describe("the memory budget", () => {
  const m = { taps, contentLayer: spec.contentLayer, historySize: 20, conv: convStrategyFor("webgl") };

  it("full preset at 512 px fits the 1 GB budget on WebGL untiled; 1024 px does not", () => {
    const at512 = runPeakBytes(m, 512, 512);
    console.log(
      `modelled run peak, full preset, webgl: 512 px ${(at512 / 2 ** 20).toFixed(0)} MB, 1024 px ${(runPeakBytes(m, 1024, 1024) / 2 ** 20).toFixed(0)} MB`,
    );
    expect(at512).toBeLessThanOrEqual(2 ** 30);
    expect(runPeakBytes(m, 1024, 1024)).toBeGreaterThan(2 ** 30);
  });
});

describe("runSizes", () => {
  const image = (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) });

  it("paints at the output size from the working size up, tiling the scales that would not fit the budget", () => {
    const small = runSizes(image(800, 600), resolveOptions({ preset: "full", size: 1024, workingSize: 512 }), false);
    expect(small.work).toEqual([512, 384]);
    expect(small.out).toEqual([1024, 768]);
    expect(small.sizes).toEqual([
      [512, 384],
      [1024, 768],
    ]);
    expect(small.memoryCapped).toBe(false);
    const tight = runSizes(image(800, 600), resolveOptions({ preset: "full", size: 1024, workingSize: 512, memoryBudgetMB: 768 }), false);
    expect(tight.sizes).toEqual(small.sizes);
    expect(tight.tiles[0]).toBe(1);
    expect(tight.tiles[1]).toBeGreaterThan(1);
    for (const s of tight.plan) expect(s.peakBytes).toBeLessThanOrEqual(768 * 2 ** 20);
  });
});

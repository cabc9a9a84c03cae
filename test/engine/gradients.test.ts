/**
 * Each loss's gradient w.r.t. the pixels against central finite differences, through the real
 * lite VGG19 on a tiny input. tfjs computes in float32, so derivatives are checked along random
 * unit directions (h = 2, error relative to ‖∇f‖) and at the largest-gradient pixels (h = 0.5 on 0–255).
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { contentLoss, gram, styleLoss, totalVariation } from "../../src/engine/losses";
import { createVgg19, type Vgg19 } from "../../src/engine/vgg19";
import type { ConvStrategy } from "../../src/engine/conv";
import type { Pooling } from "../../src/engine/types";
import { createObjectivePaced } from "../../src/engine/objective";
import { loadRawWeights } from "../helpers/raw-weights";
import { cpu } from "../helpers/backend";
import type { VggWeights } from "../../src/engine/vgg-weights";

const S = 12;
let weights: VggWeights;
let net: Vgg19;
let x0: tf.Tensor4D, content: tf.Tensor4D, style: tf.Tensor4D;

beforeAll(async () => {
  await cpu();
  weights = loadRawWeights(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"]);
  net = createVgg19(weights, ["conv1_1", "conv2_1", "conv3_1", "conv3_2"]);
  x0 = tf.randomUniform([1, S, S, 3], 40, 215, "float32", 7) as tf.Tensor4D;
  content = tf.randomUniform([1, S, S, 3], 0, 255, "float32", 8) as tf.Tensor4D;
  style = tf.randomUniform([1, S, S, 3], 0, 255, "float32", 9) as tf.Tensor4D;
});
afterAll(() => {
  net.dispose();
  weights.dispose();
  tf.dispose([x0, content, style]);
});

type F = (x: tf.Tensor4D) => tf.Scalar;

/** fdCheckOf with tfjs's autodiff of `f` as the gradient checked. */
function fdCheck(f: F, label: string): Promise<{ dirErr: number; pixErr: number }> {
  const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => f(x as tf.Tensor4D))(x0);
  value.dispose();
  return fdCheckOf(grad as tf.Tensor4D, async (x) => tf.tidy(() => f(x).arraySync() as number), label);
}

/** `grad` (which it disposes) at x0 against central differences of `val`. */
async function fdCheckOf(grad: tf.Tensor4D, val: (x: tf.Tensor4D) => Promise<number>, label: string): Promise<{ dirErr: number; pixErr: number }> {
  const at = async (x: tf.Tensor4D) => {
    try {
      return await val(x);
    } finally {
      x.dispose();
    }
  };
  const h = 2;
  let dirErr = 0;
  // Relative to ‖∇f‖: g·v itself may be near zero by chance along a random direction.
  const gNorm = tf.tidy(() => tf.norm(grad).arraySync() as number);
  for (let k = 0; k < 3; k++) {
    const v = tf.tidy(() => {
      const r = tf.randomNormal(x0.shape, 0, 1, "float32", 100 + k);
      return tf.div(r, tf.norm(r)) as tf.Tensor4D;
    });
    const analytic = tf.tidy(() => tf.sum(tf.mul(grad, v)).arraySync() as number);
    const fd = ((await at(tf.tidy(() => tf.add(x0, tf.mul(v, h))))) - (await at(tf.tidy(() => tf.sub(x0, tf.mul(v, h)))))) / (2 * h);
    dirErr = Math.max(dirErr, Math.abs(analytic - fd) / gNorm);
    v.dispose();
  }
  // A few single pixels, where the gradient is largest (small entries are all rounding).
  const g = grad.dataSync();
  const order = Array.from(g.keys())
    .sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]))
    .slice(0, 4);
  const hp = 0.5;
  let pixErr = 0;
  for (const i of order) {
    const e = tf.tidy(() => tf.cast(tf.reshape(tf.oneHot(tf.tensor1d([i], "int32"), g.length), x0.shape), "float32")) as tf.Tensor4D;
    const fd = ((await at(tf.tidy(() => tf.add(x0, tf.mul(e, hp))))) - (await at(tf.tidy(() => tf.sub(x0, tf.mul(e, hp)))))) / (2 * hp);
    pixErr = Math.max(pixErr, Math.abs(g[i] - fd) / Math.abs(fd));
    e.dispose();
  }
  grad.dispose();
  console.log(`${label}: max relative error along directions ${dirErr.toExponential(2)}, at pixels ${pixErr.toExponential(2)}`);
  return { dirErr, pixErr };
}

describe("gradients against central finite differences", () => {
  it("content loss (conv3_2)", async () => {
    const target = tf.tidy(() => net.features(content).conv3_2);
    const r = await fdCheck((x) => contentLoss(net.features(x).conv3_2, target), "content");
    target.dispose();
    expect(r.dirErr).toBeLessThan(1e-2);
    expect(r.pixErr).toBeLessThan(2e-2);
  });

  it("style loss (Gram, conv1_1/2_1/3_1)", async () => {
    const layers = { conv1_1: 1, conv2_1: 1, conv3_1: 1 };
    const grams = tf.tidy(() => {
      const f = net.features(style);
      return { conv1_1: gram(f.conv1_1), conv2_1: gram(f.conv2_1), conv3_1: gram(f.conv3_1) };
    });
    const r = await fdCheck((x) => styleLoss(net.features(x), grams, layers), "style");
    tf.dispose(Object.values(grams));
    expect(r.dirErr).toBeLessThan(1e-2);
    expect(r.pixErr).toBeLessThan(2e-2);
  });

  it("total variation", async () => {
    const r = await fdCheck((x) => totalVariation(x), "tv");
    expect(r.dirErr).toBeLessThan(1e-3);
    expect(r.pixErr).toBeLessThan(1e-3);
  });

  it("the whole objective, as the optimisers see it (its own gradient)", async () => {
    const grams = tf.tidy(() => {
      const f = net.features(style);
      return { conv1_1: gram(f.conv1_1), conv2_1: gram(f.conv2_1), conv3_1: gram(f.conv3_1) };
    });
    const spec = { styleLayers: { conv1_1: 1, conv2_1: 1, conv3_1: 1 }, contentLayer: "conv3_2", ratio: 10, tvWeight: 1e-2 };
    const obj = await createObjectivePaced(net, content, grams, spec, async () => {});
    const e = await obj.evaluate(x0);
    // parts add up to the loss
    const [c, s, t] = e.parts.arraySync();
    expect(c + s + t).toBeCloseTo(e.loss.arraySync() as number, 0);
    tf.dispose([e.loss, e.parts]);
    const lossAt = async (x: tf.Tensor4D) => {
      const r = await obj.evaluate(x);
      tf.dispose([r.parts, r.grad]);
      const v = (await r.loss.data())[0];
      r.loss.dispose();
      return v;
    };
    const r = await fdCheckOf(e.grad, lossAt, "objective");
    obj.dispose();
    tf.dispose(Object.values(grams));
    expect(r.dirErr).toBeLessThan(1e-2);
  });

  it("the network's own backward pass equals tfjs autodiff, for every conv path and pooling", () => {
    const taps = ["conv1_1", "conv2_1", "conv3_1", "conv3_2"];
    // A loss with a different weight at each tap, so a tap seeded twice or not at all shows.
    const seedScale: Record<string, number> = { conv1_1: 0.5, conv2_1: 2, conv3_1: 1, conv3_2: 3 };
    const plans: Array<[string, ConvStrategy, Pooling]> = [
      ["rotated kernel, max pool", { fastGrad: true, maxTempBytes: 0, scratchActivations: 0 }, "max"],
      ["tfjs Conv2DBackpropInput, max pool", { fastGrad: false, maxTempBytes: 0, scratchActivations: 0 }, "max"],
      ["rotated kernel in row bands, avg pool", { fastGrad: true, maxTempBytes: 4096, scratchActivations: 0 }, "avg"],
    ];
    for (const [label, conv, pooling] of plans) {
      const n = createVgg19(weights, taps, { conv, pooling });
      const reference = createVgg19(weights, taps, { conv: { fastGrad: false, maxTempBytes: 0, scratchActivations: 0 }, pooling });
      const loss = (x: tf.Tensor) => {
        const f = reference.features(x as tf.Tensor4D);
        return tf.addN(taps.map((t) => tf.mul(tf.sum(tf.square(f[t])), seedScale[t] / 2))) as tf.Scalar;
      };
      const before = tf.memory().numTensors;
      // d/df of Σ s·f²/2 is s·f.
      const mine = n.inputGradient(x0, (tap, f) => tf.mul(f, seedScale[tap]) as tf.Tensor4D);
      expect(tf.memory().numTensors).toBe(before + 1);
      const theirs = tf.grad(loss)(x0);
      const rel = tf.tidy(() => (tf.norm(tf.sub(mine, theirs)).arraySync() as number) / (tf.norm(theirs).arraySync() as number));
      console.log(`backward pass (${label}) vs autodiff: relative error ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-5);
      tf.dispose([mine, theirs]);
      n.dispose();
      reference.dispose();
    }
  });
});

/**
 * Bundled into a page by webgl-backward.test.ts: the engine's conv bands and hand-written backward
 * pass on the WebGL backend, each against the plain path, reported as relative errors.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-webgl";
import "../../src/engine/register-gradients";
import { convStrategyFor, convSame } from "../../src/engine/conv";
import { createObjectivePaced, styleGramsPaced } from "../../src/engine/objective";
import { createTiledObjective } from "../../src/engine/tiled-objective";
import { tileGrid } from "../../src/engine/tiles";
import { createVgg19 } from "../../src/engine/vgg19";
import { randomVggWeights } from "../../src/weights/core/random";

export interface WebglBackwardReport {
  backend: string;
  bandsRelErr: number;
  backwardRelErr: number;
  /** Tiled (2×2, halos cut) against untiled: the loss's and the gradient's relative error. */
  tiledLossRelErr: number;
  tiledGradRelErr: number;
  leakedTensors: number;
}

const relErr = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => (tf.norm(tf.sub(a, b)).arraySync() as number) / (tf.norm(b).arraySync() as number));

async function run(): Promise<WebglBackwardReport> {
  if (!(await tf.setBackend("webgl"))) throw new Error("no webgl");
  await tf.ready();
  const before = tf.memory().numTensors;
  // Bands: a conv split into 5 bands of rows against the same conv unsplit.
  const x = tf.randomNormal([1, 23, 17, 8], 0, 1, "float32", 1) as tf.Tensor4D;
  const k = tf.randomNormal([3, 3, 8, 16], 0, 0.3, "float32", 2) as tf.Tensor4D;
  const b = tf.randomNormal([16], 0, 1, "float32", 3) as tf.Tensor1D;
  const whole = convSame(x, k, 0, b);
  const banded = convSame(x, k, (23 * 17 * 9 * 8 * 4) / 5, b);
  const bandsRelErr = relErr(banded, whole);
  tf.dispose([x, k, b, whole, banded]);

  // The backward pass with WebGL's own strategy (fast gradient, bands small enough to split here) against autodiff.
  const taps = ["conv1_1", "conv2_1", "conv3_1"];
  const weights = randomVggWeights(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1"], 4);
  const net = createVgg19(weights, taps, { conv: { ...convStrategyFor("webgl"), maxTempBytes: 16 * 1024 } });
  const ref = createVgg19(weights, taps, { conv: { fastGrad: false, maxTempBytes: 0, scratchActivations: 0 } });
  const img = tf.randomUniform([1, 24, 20, 3], 0, 255, "float32", 5) as tf.Tensor4D;
  const mine = net.inputGradient(img, (_, f) => f.clone());
  const theirs = tf.grad((t: tf.Tensor) => {
    const f = ref.features(t as tf.Tensor4D);
    return tf.addN(taps.map((l) => tf.mul(tf.sum(tf.square(f[l])), 0.5))) as tf.Scalar;
  })(img);
  const backwardRelErr = relErr(mine, theirs);
  tf.dispose([mine, theirs, img]);
  ref.dispose();
  const tiled = await tiledAgainstWhole(net, taps);
  net.dispose();
  weights.dispose();
  return { backend: tf.getBackend(), bandsRelErr, backwardRelErr, ...tiled, leakedTensors: tf.memory().numTensors - before };
}

/** One evaluation of the objective (style conv1_1, conv2_1; content conv3_1) in 2×2 tiles and whole, at 56 × 48. */
async function tiledAgainstWhole(net: ReturnType<typeof createVgg19>, taps: string[]): Promise<{ tiledLossRelErr: number; tiledGradRelErr: number }> {
  const spec = { styleLayers: { conv1_1: 1, conv2_1: 1 }, contentLayer: "conv3_1", ratio: 100, tvWeight: 0.05 };
  const content = tf.randomUniform([1, 48, 56, 3], 0, 255, "float32", 6) as tf.Tensor4D;
  const style = tf.randomUniform([1, 40, 40, 3], 0, 255, "float32", 7) as tf.Tensor4D;
  const x = tf.randomUniform([1, 48, 56, 3], 0, 255, "float32", 8) as tf.Tensor4D;
  const grams = await styleGramsPaced(net, [{ rgb: style, weight: 1 }], Object.keys(spec.styleLayers), async () => {});
  const whole = await createObjectivePaced(net, content, grams, spec, async () => {});
  const tiles = tileGrid(56, 48, 2, 2, taps);
  const inTiles = await createTiledObjective({ net, content, grams, spec, tiles, pause: async () => {} });
  const a = await whole.evaluate(x);
  const b = await inTiles.evaluate(x);
  const out = { tiledLossRelErr: relErr(b.loss, a.loss), tiledGradRelErr: relErr(b.grad, a.grad) };
  tf.dispose([a.loss, a.parts, a.grad, b.loss, b.parts, b.grad, content, style, x, ...Object.values(grams)]);
  whole.dispose();
  inTiles.dispose();
  return out;
}

declare global {
  interface Window {
    restyleWebglBackward: () => Promise<WebglBackwardReport>;
  }
}
window.restyleWebglBackward = run;

/**
 * WebGL lowers a conv to an im2col matrix of H·W × 9·Cin floats; convSame splits a conv into bands
 * of rows to bound that temporary. Splitting must not change a single output value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { convStrategyFor, convSame } from "../../src/engine/conv";
import { WEBGL_CONV_TEMP_BYTES } from "../../src/engine/defaults";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

describe("convSame in bands of rows", () => {
  let x: tf.Tensor4D, k: tf.Tensor4D, b: tf.Tensor1D;
  beforeAll(() => {
    x = tf.randomNormal([1, 13, 9, 5], 0, 1, "float32", 3) as tf.Tensor4D; // 13 rows: bands never divide evenly
    k = tf.randomNormal([3, 3, 5, 4], 0, 1, "float32", 4) as tf.Tensor4D;
    b = tf.randomNormal([4], 0, 1, "float32", 5) as tf.Tensor1D;
  });
  afterAll(() => tf.dispose([x, k, b]));
  const full = 13 * 9 * 9 * 5 * 4; // bytes of the unsplit im2col matrix

  for (const [label, limit, bands] of [
    ["2 bands", full / 2, 2],
    ["4 bands", full / 4, 4],
    ["one row each", 1, 13],
  ] as const) {
    it(`${label}: identical to the unsplit conv, with and without bias + ReLU`, async () => {
      const prof = await tf.profile(() => convSame(x, k, limit, b));
      expect(prof.kernels.filter((kk) => /Conv2D/.test(kk.name)).length).toBe(bands);
      tf.dispose(prof.result as tf.Tensor);
      for (const bias of [undefined, b] as const) {
        const want = convSame(x, k, 0, bias);
        const before = tf.memory().numTensors;
        const got = convSame(x, k, limit, bias);
        expect(tf.memory().numTensors).toBe(before + 1); // the bands and slices are freed
        expect(got.shape).toEqual([1, 13, 9, 4]);
        const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))).arraySync() as number);
        expect(diff).toBeLessThan(1e-5);
        tf.dispose([want, got]);
      }
    });
  }

  it("bands only where im2col exists: on webgl, never on wasm or cpu", () => {
    expect(convStrategyFor("webgl").maxTempBytes).toBe(WEBGL_CONV_TEMP_BYTES);
    expect(convStrategyFor("wasm").maxTempBytes).toBe(0);
    expect(convStrategyFor("cpu")).toEqual({ fastGrad: false, maxTempBytes: 0, scratchActivations: 0 });
    expect(convStrategyFor("webgl").scratchActivations).toBe(1);
    expect(convStrategyFor("wasm").fastGrad).toBe(true);
  });
});

/** The style-colour start that bench:levers measures (benchmarks/style-colours.ts). */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { withStyleColours } from "../../benchmarks/style-colours";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

describe("withStyleColours", () => {
  it("each channel's mean and spread become the style's, with nothing left behind", () => {
    // Content: two values per channel (mean 100, spread 20); style: per channel mean 50 / 120 / 200, spread 10 / 30 / 5.
    const contentAt = tf.tidy(() => tf.concat([tf.fill([1, 2, 4, 3], 80), tf.fill([1, 2, 4, 3], 120)], 1)) as tf.Tensor4D;
    const style = tf.tidy(() => {
      const lo = tf.tensor4d([40, 90, 195], [1, 1, 1, 3]);
      const hi = tf.tensor4d([60, 150, 205], [1, 1, 1, 3]);
      return tf.concat([tf.tile(lo, [1, 3, 4, 1]), tf.tile(hi, [1, 3, 4, 1])], 1);
    }) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const x = withStyleColours(contentAt, [{ rgb: style, weight: 1 }]);
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const m = Array.from(mean.dataSync());
    const sd = Array.from(variance.dataSync()).map(Math.sqrt);
    [50, 120, 200].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 2));
    [10, 30, 5].forEach((v, i) => expect(sd[i]).toBeCloseTo(v, 2));
    tf.dispose([x, mean, variance]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([contentAt, style]);
  });
});

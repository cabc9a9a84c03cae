import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { luminanceRgb, matchLuminance, recombineColors } from "../../src/engine/color";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

/** A 4×4 RGB image, pixel i = rgb(i). */
function image(rgb: (i: number) => [number, number, number]): tf.Tensor4D {
  const data: number[] = [];
  for (let i = 0; i < 16; i++) data.push(...rgb(i));
  return tf.tensor4d(data, [1, 4, 4, 3]);
}
const colourful = (i: number): [number, number, number] => [((i * 37) % 200) + 20, ((i * 53) % 180) + 40, ((i * 71) % 160) + 60];
const luma = ([r, g, b]: readonly number[]) => 0.299 * r + 0.587 * g + 0.114 * b;
const pixels = (x: tf.Tensor): number[][] => {
  const v = Array.from(x.dataSync());
  return Array.from({ length: v.length / 3 }, (_, i) => v.slice(3 * i, 3 * i + 3));
};
const meanStd = (xs: number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length)];
};

describe("preserve colours (luminance-only transfer)", () => {
  it("luminanceRgb is Y = 0.299 R + 0.587 G + 0.114 B in all three channels", () => {
    const img = image(colourful);
    const y = luminanceRgb(img);
    expect(y.shape).toEqual([1, 4, 4, 3]);
    pixels(y).forEach((p, i) => {
      const want = luma(colourful(i));
      for (const c of p) expect(c).toBeCloseTo(want, 3);
    });
    tf.dispose([img, y]);
  });

  it("recombining an image with itself gives it back", () => {
    const img = image(colourful);
    const out = recombineColors(img, img);
    pixels(out).forEach((p, i) => p.forEach((c, k) => expect(c).toBeCloseTo(colourful(i)[k], 2)));
    tf.dispose([img, out]);
  });

  it("keeps the result's luminance and the content's chrominance", () => {
    const content = image(colourful);
    // A grey result of other luminance (within what keeps every channel inside [0, 255]).
    const y = (i: number) => luma(colourful(i)) + (i % 2 ? 15 : -15);
    const grey = image((i) => [y(i), y(i), y(i)]);
    const out = recombineColors(grey, content);
    const got = pixels(out);
    got.forEach((p, i) => expect(luma(p)).toBeCloseTo(y(i), 2));
    // Chrominance: each pixel differs from the content by a grey offset (equal in R, G and B).
    got.forEach((p, i) => {
      const d = p.map((c, k) => c - colourful(i)[k]);
      expect(d[1] - d[0]).toBeCloseTo(0, 2);
      expect(d[2] - d[0]).toBeCloseTo(0, 2);
    });
    tf.dispose([content, grey, out]);
  });

  it("clamps the recombined image to [0, 255]", () => {
    const content = image(() => [255, 0, 0]);
    const bright = image(() => [250, 250, 250]);
    const out = recombineColors(bright, content);
    const v = Array.from(out.dataSync());
    expect(Math.max(...v)).toBeLessThanOrEqual(255);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    tf.dispose([content, bright, out]);
  });

  it("matchLuminance gives the style's luminance the content's mean and spread", () => {
    const style = image((i) => Array(3).fill(100 + (i % 4) * 10) as [number, number, number]);
    const content = image((i) => Array(3).fill(40 + i * 6) as [number, number, number]);
    const out = matchLuminance(style, content);
    const [m, s] = meanStd(Array.from(out.dataSync()));
    const [cm, cs] = meanStd(Array.from(content.dataSync()));
    expect(m).toBeCloseTo(cm, 2);
    expect(s).toBeCloseTo(cs, 2);
    tf.dispose([style, content, out]);
  });

  it("leaks no tensor", () => {
    const before = tf.memory().numTensors;
    const a = image(colourful);
    const b = image((i) => [i, i, i]);
    tf.dispose([luminanceRgb(a), recombineColors(b, a), matchLuminance(b, a), a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

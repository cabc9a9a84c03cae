/**
 * The resampler (resample.ts) against aliasing: patterns finer than the new Nyquist frequency come
 * out flat grey, values match a per-pixel reference written here on its own, and the zone-plate
 * figure the issue names (mean |p − 127.5| above the new Nyquist frequency, 512 → 200) is measured.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { resize } from "../../src/engine/pixels";
import { resample } from "../../src/engine/resample";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

type Img = { h: number; w: number; v: Float64Array };
const make = (h: number, w: number, f: (y: number, x: number) => number): Img => {
  const v = new Float64Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) v[y * w + x] = f(y, x);
  return { h, w, v };
};
const run = (img: Img, h: number, w: number, fn = resample): Img => {
  const out = tf.tidy(() => fn(tf.tensor4d(Float32Array.from(img.v), [1, img.h, img.w, 1]), h, w));
  const v = Float64Array.from(out.dataSync());
  out.dispose();
  return { h, w, v };
};
/** Standard deviation of the samples at least `border` px from every edge (an edge's window is cut short there). */
const innerStd = (img: Img, border: number) => {
  const xs: number[] = [];
  for (let y = border; y < img.h - border; y++) for (let x = border; x < img.w - border; x++) xs.push(img.v[y * img.w + x]);
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

/** Reference: every output pixel as Σ over every input pixel of the two axes' normalised cubic weights. */
function keys(t: number): number {
  const x = Math.abs(t);
  if (x <= 1) return 1.5 * x ** 3 - 2.5 * x ** 2 + 1;
  if (x < 2) return -0.5 * x ** 3 + 2.5 * x ** 2 - 4 * x + 2;
  return 0;
}
function weightsFor(n: number, m: number, o: number): number[] {
  const s = n / m;
  const widen = s > 1 ? s : 1;
  const c = (o + 0.5) * s; // the output sample's centre, in input pixels
  const w = Array.from({ length: n }, (_, i) => keys((i + 0.5 - c) / widen));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}
function reference(img: Img, h: number, w: number): Img {
  return make(h, w, (y, x) => {
    const wy = weightsFor(img.h, h, y);
    const wx = weightsFor(img.w, w, x);
    let acc = 0;
    for (let i = 0; i < img.h; i++) for (let j = 0; j < img.w; j++) acc += wy[i] * wx[j] * img.v[i * img.w + j];
    return acc;
  });
}

/** The resize this replaced (bilinear, halving by average pooling only past 4×): the comparison. */
function oldResize(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  return tf.tidy(() => {
    let cur = x;
    while (cur.shape[1] >= 4 * h && cur.shape[2] >= 4 * w) cur = tf.avgPool(cur, 2, 2, "valid");
    return tf.image.resizeBilinear(cur, [h, w], false, true);
  });
}
/** A box (area) average: each output the mean of the input it covers, partial pixels by their share. */
function boxResize(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  const matrix = (n: number, m: number) => {
    const a = new Float32Array(m * n);
    for (let o = 0; o < m; o++) {
      const lo = (o * n) / m,
        hi = ((o + 1) * n) / m;
      for (let i = Math.floor(lo); i < Math.ceil(hi); i++) a[o * n + i] = (Math.min(hi, i + 1) - Math.max(lo, i)) / (hi - lo);
    }
    return tf.tensor2d(a, [m, n]);
  };
  return tf.tidy(() => {
    const rows = tf.matMul(matrix(H, h), tf.reshape(x, [H, W])); // [h, W]
    return tf.reshape(tf.matMul(rows, matrix(W, w), false, true), [1, h, w, 1]) as tf.Tensor4D;
  });
}

describe("resample", () => {
  it("reduces a 1-px checkerboard and a fine sinusoid to flat grey at 2, 2.5, 3 and 7", () => {
    const checker = make(140, 140, (y, x) => ((x + y) % 2 ? 255 : 0));
    // 0.45 cycles a pixel: above the new Nyquist frequency at every one of these reductions
    const sine = make(140, 140, (y, x) => 127.5 + 127.5 * Math.sin(2 * Math.PI * 0.45 * x + 0.3) * Math.cos(2 * Math.PI * 0.43 * y));
    for (const r of [2, 2.5, 3, 7]) {
      const n = Math.round(140 / r);
      for (const img of [checker, sine]) {
        const std = innerStd(run(img, n, n), 3);
        expect(std, `reduction ${r}`).toBeLessThan(2);
      }
    }
    // the old resize left the checkerboard far from grey at 2.5
    expect(innerStd(run(checker, 56, 56, oldResize), 3)).toBeGreaterThan(20);
  });

  it("matches the per-pixel reference, reducing, enlarging and both at once", () => {
    const img = make(13, 11, (y, x) => (Math.sin(y * 1.3 + x * 0.7) + 1) * 100 + ((x * 7 + y * 3) % 5) * 10);
    for (const [h, w] of [
      [5, 4],
      [6, 3],
      [29, 23],
      [7, 17],
      [13, 11],
      [1, 1],
    ]) {
      const got = run(img, h, w);
      const want = reference(img, h, w);
      for (let i = 0; i < got.v.length; i++) expect(Math.abs(got.v[i] - want.v[i]), `${h}x${w} @${i}`).toBeLessThan(1e-3);
    }
  });

  it("enlarging, then reducing back, loses less than bilinear", () => {
    const img = make(48, 48, (y, x) => 127.5 + 100 * Math.sin(x * 0.9) * Math.cos(y * 0.7) + ((x * 13 + y * 7) % 11) * 2);
    const rms = (fn: typeof resample) => {
      const back = tf.tidy(() => fn(fn(tf.tensor4d(Float32Array.from(img.v), [1, 48, 48, 1]), 120, 120), 48, 48));
      const d = Float64Array.from(back.dataSync());
      back.dispose();
      return Math.sqrt(d.reduce((a, v, i) => a + (v - img.v[i]) ** 2, 0) / d.length);
    };
    const bilinear = (x: tf.Tensor4D, h: number, w: number) => tf.image.resizeBilinear(x, [h, w], false, true);
    const ours = rms(resample);
    console.log(`round trip 48 → 120 → 48 px, RMS error: resample ${ours.toFixed(2)}, bilinear ${rms(bilinear).toFixed(2)}`);
    expect(ours).toBeLessThan(0.8 * rms(bilinear));
  });

  it("leaks no tensor, keeps the input's own size as a copy, and clips to 0–255 in resize", () => {
    const x = tf.tensor4d(
      Float32Array.from({ length: 64 * 3 }, (_, i) => (i % 2) * 255),
      [1, 8, 8, 3],
    );
    const before = tf.memory().numTensors;
    const same = resample(x, 8, 8);
    expect(same).not.toBe(x);
    expect(Array.from(same.dataSync())).toEqual(Array.from(x.dataSync()));
    const up = resize(x, 21, 19);
    expect(up.shape).toEqual([1, 21, 19, 3]);
    const v = up.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(255);
    tf.dispose([same, up]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("flattens a zone plate above the new Nyquist frequency, 512 → 200 (the issue's figure)", () => {
    // cos(π r²/512): the local frequency r/512 cycles a pixel reaches 0.5 at r = 256
    const plate = make(512, 512, (y, x) => 127.5 + 127.5 * Math.cos((Math.PI * ((x - 255.5) ** 2 + (y - 255.5) ** 2)) / 512));
    const scale = 512 / 200;
    const aboveNyquist = (fn: typeof resample, margin = 1) => {
      const out = run(plate, 200, 200, fn);
      let sum = 0,
        n = 0;
      for (let y = 0; y < 200; y++) {
        for (let x = 0; x < 200; x++) {
          const r = Math.hypot((x + 0.5) * scale - 256, (y + 0.5) * scale - 256);
          const f = r / 512; // input cycles a pixel here
          if (f > (margin * 0.5) / scale && r <= 256) {
            sum += Math.abs(out.v[y * 200 + x] - 127.5);
            n++;
          }
        }
      }
      return sum / n;
    };
    const fns = { resample, box: boxResize, old: oldResize };
    const at = (margin: number) => Object.fromEntries(Object.entries(fns).map(([k, fn]) => [k, +aboveNyquist(fn, margin).toFixed(2)]));
    const [above, clear] = [at(1), at(1.25)];
    // At the Nyquist frequency itself any practical filter is half-way through its transition band,
    // so the figure is also given from 1.25× it on.
    console.log(`zone plate 512 → 200, mean |p − 127.5| above the new Nyquist: ${JSON.stringify(above)}; above 1.25× it: ${JSON.stringify(clear)}`);
    expect(above.resample).toBeLessThan(8);
    expect(clear.resample).toBeLessThan(4);
    expect(clear.resample).toBeLessThan(clear.box / 3);
    expect(above.resample).toBeLessThan(above.box / 2);
    expect(above.old).toBeGreaterThan(25);
  });
});

/** Where a scale starts (initial-image.ts): previous scale, warm start, seeded noise or the content. */
import { release } from "../../src/engine/scale-image";
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { initialHostImage, initialImage, type InitialImageSources } from "../../src/engine/initial-image";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

const rgba = (w: number, h: number, px: [number, number, number]) => ({
  width: w,
  height: h,
  data: new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : px[i % 4])),
});

/** Runs `make` with fresh sources and returns the result's values; checks that nothing is left behind. */
function valuesOf(make: (s: InitialImageSources) => tf.Tensor4D, over: Partial<InitialImageSources> = {}): { shape: number[]; v: number[] } {
  const before = tf.memory().numTensors;
  const contentAt = tf.fill([1, 4, 4, 3], 100) as tf.Tensor4D;
  const previous = over.previous === undefined ? null : over.previous;
  const x = make({ previous, mode: "content", seed: 1, preserveColors: false, contentAt, ...over });
  const out = { shape: x.shape, v: Array.from(x.dataSync()) };
  expect(x).not.toBe(contentAt);
  tf.dispose([x, contentAt]);
  expect(tf.memory().numTensors).toBe(before); // a previous tensor was made before, and is still there
  release(previous);
  return out;
}

describe("initialImage", () => {
  it("starts from the content itself by default, as a tensor of its own", () => {
    const { shape, v } = valuesOf((s) => initialImage(4, 4, s));
    expect(shape).toEqual([1, 4, 4, 3]);
    expect(v.every((x) => x === 100)).toBe(true);
  });

  it("the previous scale's result comes first, upsampled to this scale (and stays the caller's)", () => {
    const previous = tf.fill([1, 2, 2, 3], 30) as tf.Tensor4D;
    const { shape, v } = valuesOf((s) => initialImage(4, 4, s), { previous, warmStart: rgba(4, 4, [200, 200, 200]), mode: "noise" });
    expect(shape).toEqual([1, 4, 4, 3]);
    expect(v.every((x) => Math.abs(x - 30) < 1e-4)).toBe(true);
  });

  it("a warm start comes before the init mode, in luminance when preserving colours", () => {
    const red = rgba(8, 8, [255, 0, 0]);
    const colour = valuesOf((s) => initialImage(4, 4, s), { warmStart: red, mode: "noise" }).v;
    expect(colour.slice(0, 3)).toEqual([255, 0, 0]);
    const grey = valuesOf((s) => initialImage(4, 4, s), { warmStart: red, preserveColors: true }).v;
    expect(grey[0]).toBeCloseTo(grey[1], 3);
    expect(grey[1]).toBeCloseTo(grey[2], 3);
    expect(grey[0]).toBeGreaterThan(0);
    expect(grey[0]).toBeLessThan(255);
  });

  it("noise is uniform in [0, 255] and decided by the seed", () => {
    const a = valuesOf((s) => initialImage(4, 4, s), { mode: "noise", seed: 5 }).v;
    const b = valuesOf((s) => initialImage(4, 4, s), { mode: "noise", seed: 5 }).v;
    const c = valuesOf((s) => initialImage(4, 4, s), { mode: "noise", seed: 6 }).v;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every((x) => x >= 0 && x <= 255)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(40);
  });
});

describe("initialHostImage", () => {
  const contentAt = { width: 6, height: 4, channels: 3, data: Float32Array.from({ length: 72 }, (_, i) => (i * 7) % 255) };
  const base = { previous: null, mode: "content" as const, seed: 3, preserveColors: false, contentAt };

  it("starts where initialImage starts: the previous scale (on either side), a warm start, or the content", async () => {
    const small = tf.tensor4d(
      Float32Array.from({ length: 27 }, (_, i) => i * 9),
      [1, 3, 3, 3],
    );
    const hostSmall = { width: 3, height: 3, channels: 3, data: small.dataSync() as Float32Array };
    const warmStart = { width: 5, height: 2, data: Uint8ClampedArray.from({ length: 40 }, (_, i) => (i * 13) % 256) };
    const cases = [{ previous: small }, { previous: hostSmall }, { warmStart }, { warmStart, preserveColors: true }, {}];
    for (const over of cases) {
      const host = await initialHostImage(6, 4, { ...base, ...over });
      const device = initialImage(6, 4, { ...base, ...over, contentAt: tf.tensor4d(contentAt.data, [1, 4, 6, 3]) });
      const want = device.dataSync();
      device.dispose();
      expect([host.width, host.height, host.channels]).toEqual([6, 4, 3]);
      host.data.forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
    }
    expect(small.isDisposed).toBe(false); // the previous scale's is not taken
    small.dispose();
  });

  it("draws seeded noise in 0–255: the same for the same seed, another for another", async () => {
    const a = await initialHostImage(6, 4, { ...base, mode: "noise" });
    const b = await initialHostImage(6, 4, { ...base, mode: "noise" });
    const c = await initialHostImage(6, 4, { ...base, mode: "noise", seed: 4 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.data)).toBeLessThan(255);
    expect(new Set(a.data).size).toBeGreaterThan(60);
  });
});

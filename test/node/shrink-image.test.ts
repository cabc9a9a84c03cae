/**
 * shrink-image: the bytes-level halving the CLI does before a run gives what the engine's own
 * resize gives, to within byte rounding, and stops while the engine's resampler has a 4× reduction left unless the image is over the pixel budget.
 */
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { ENGINE_PIXEL_BUDGET, halveRgba, shrinkToward } from "../../src/node/shrink-image";
import { alphaTensor, resize, rgbaToRgbTensor } from "../../src/engine/pixels";
import type { RgbaImage } from "../../src/engine/types";

function noise(width: number, height: number, seed: number, opaque = false): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  if (opaque) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data };
}

describe("shrinkToward", () => {
  it.each([
    [128, 96, 16, 12, false],
    [131, 99, 16, 12, true],
    [400, 80, 25, 5, false],
  ] as const)("%i×%i toward %i×%i (opaque %s): as the engine's resize, about one grey level on average on noise", async (w, h, tw, th, opaque) => {
    await tf.setBackend("cpu");
    const img = noise(w, h, w * 31 + h, opaque);
    const small = shrinkToward(img, [tw, th]);
    // The engine's path on the full image and on the shrunk one, both down to the target.
    const full = resize(rgbaToRgbTensor(img), th, tw);
    const fromSmall = resize(rgbaToRgbTensor(small), th, tw);
    const fullA = resize(alphaTensor(img), th, tw);
    const smallA = resize(alphaTensor(small), th, tw);
    const diff = tf.mean(tf.abs(tf.sub(full, fromSmall))).dataSync()[0];
    const diffA = tf.mean(tf.abs(tf.sub(fullA, smallA))).dataSync()[0];
    tf.dispose([full, fromSmall, fullA, smallA]);
    // White noise is the worst case (every frequency at full strength): the 2×2 mean's droop moves single
    // pixels by a few grey levels, the picture on average by about one.
    expect(diff).toBeLessThan(1.5);
    expect(diffA).toBeLessThan(1);
    // It stopped while the engine's resampler still had a 4× reduction to do: under 8× on a side, never under 1×.
    expect(small.width < 8 * tw || small.height < 8 * th).toBe(true);
    expect(small.width).toBeGreaterThanOrEqual(tw);
    expect(small.height).toBeGreaterThanOrEqual(th);
  });

  it("a transparent pixel's colour does not bleed: a 2×2 block with one opaque red pixel averages to red", () => {
    const img = { width: 2, height: 2, data: new Uint8Array([255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 0, 9, 9, 9, 0]) };
    expect(Array.from(halveRgba(img).data)).toEqual([255, 0, 0, 64]);
    const clear = { width: 2, height: 2, data: new Uint8Array([10, 20, 30, 0, 30, 40, 50, 0, 10, 20, 30, 0, 30, 40, 50, 0]) };
    expect(Array.from(halveRgba(clear).data)).toEqual([20, 30, 40, 0]);
  });

  it("an image under 4× the target is left alone unless it is over the pixel budget", () => {
    const img = noise(100, 100, 3);
    expect(shrinkToward(img, [30, 30])).toBe(img);
    const side = Math.ceil(Math.sqrt(ENGINE_PIXEL_BUDGET)) + 2;
    const big = { width: side, height: side, data: new Uint8Array(side * side * 4) };
    const out = shrinkToward(big, [Math.floor(side / 3), Math.floor(side / 3)]);
    expect([out.width, out.height]).toEqual([side >> 1, side >> 1]);
  });
});

/**
 * A picture kept on the host (RGB, row-major, 3 floats a pixel) at scales whose whole-picture
 * state does not fit the device: what crosses to the device is one tile's crop at a time.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Tile } from "./tiles";

/** A tile's crop of a width-wide host picture, uploaded as [1, cropH, cropW, 3]; the caller disposes it. */
export function uploadCrop(data: Float32Array, width: number, t: Tile): tf.Tensor4D {
  const out = new Float32Array(t.cropW * t.cropH * 3);
  const row = t.cropW * 3;
  for (let y = 0; y < t.cropH; y++) {
    const from = ((t.cropY + y) * width + t.cropX) * 3;
    out.set(data.subarray(from, from + row), y * row);
  }
  return tf.tensor4d(out, [1, t.cropH, t.cropW, 3]);
}

/** Adds a crop-sized array (a tile's input gradient, halo included) into a width-wide host picture. */
export function addCrop(into: Float32Array, width: number, t: Tile, crop: ArrayLike<number>): void {
  for (let y = 0; y < t.cropH; y++) {
    const to = ((t.cropY + y) * width + t.cropX) * 3;
    const from = y * t.cropW * 3;
    for (let i = 0; i < t.cropW * 3; i++) into[to + i] += crop[from + i];
  }
}

/**
 * tvWeight × total variation (losses.ts totalVariation: the mean squared difference of vertical
 * neighbours plus that of horizontal ones) of a host picture; adds its gradient into `grad`.
 */
export function totalVariationHost(x: Float32Array, width: number, height: number, tvWeight: number, grad: Float32Array): number {
  const row = width * 3;
  const nY = (height - 1) * row;
  const nX = height * (width - 1) * 3;
  let sY = 0;
  let sX = 0;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < row; i++) {
      const p = y * row + i;
      if (y + 1 < height) {
        const d = x[p + row] - x[p];
        sY += d * d;
        const g = (2 * tvWeight * d) / nY;
        grad[p + row] += g;
        grad[p] -= g;
      }
      if (i + 3 < row) {
        const d = x[p + 3] - x[p];
        sX += d * d;
        const g = (2 * tvWeight * d) / nX;
        grad[p + 3] += g;
        grad[p] -= g;
      }
    }
  }
  return tvWeight * ((nY > 0 ? sY / nY : 0) + (nX > 0 ? sX / nX : 0));
}

/**
 * The bench's tile overhead (benchmarks/resolution.ts, `npm run bench:resolution` and the bench's
 * `tiles` part): one tiled evaluation against one untiled of the same picture, in the planner's grid
 * or a forced one, with the work tiling must add. wasm, 48 and 128 px, lite (random weights): what is checked
 * is the geometry and the accounting, not the seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { tileOverheadAt } from "../../benchmarks/resolution";
import { presetTaps } from "../../src/engine/scale-plan";
import { fitLongSide } from "../../src/engine/scale-sizes";
import { gridCrops, tileGrid, tiling } from "../../src/engine/tiles";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { readImageFile } from "../../src/node/image-io";
import { presetLayers } from "../../src/weights/core/preset-layers";
import { randomVggWeights } from "../../src/weights/core/random";
import { wasm } from "../helpers/backend";
import { IMAGES } from "../helpers/paths";
import { join } from "node:path";

let weights: VggWeights;
beforeAll(async () => {
  await wasm();
  weights = randomVggWeights(presetLayers("lite"), 1);
});
afterAll(() => weights.dispose());

describe("bench: tile overhead", () => {
  it("times a forced grid against the untiled evaluation, counts both passes' crops, and leaks no tensor", async () => {
    const before = tf.memory().numTensors;
    const r = await tileOverheadAt(48, weights, [2, 2]);
    const tubingen = await readImageFile(join(IMAGES, "content_tubingen.jpg"));
    const [w, h] = fitLongSide(tubingen.width, tubingen.height, 48);
    expect(r.size).toEqual([w, h]);
    expect([r.tiled.grid, r.tiled.tiles]).toEqual([[2, 2], 4]);
    const { taps } = presetTaps("lite");
    const tiles = tileGrid(w, h, 2, 2, taps);
    const last = tiles[3];
    expect(r.cropAreaRatio).toBeCloseTo(gridCrops(w, h, 2, 2, tiling(taps)).area / (w * h), 12);
    // Pass 1 leaves out the last tile: the closing tile makes its own share in pass 2.
    expect(r.passOneAreaRatio).toBeCloseTo(r.cropAreaRatio - (last.cropW * last.cropH) / (w * h), 12);
    expect(r.tileOverhead).toBeCloseTo(r.tiled.seconds / r.untiled.seconds, 9);
    expect(r.tileOverheadFloor).toBeGreaterThan(r.cropAreaRatio);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it("uses the planner's grid when none is forced: tiles whose evaluation is at most half the untiled one", async () => {
    const r = await tileOverheadAt(128, weights);
    expect(r.tiled.tiles).toBeGreaterThan(1);
    expect(r.tiled.tiles).toBe(r.tiled.grid[0] * r.tiled.grid[1]);
    expect(r.tiled.tileModelBytes).toBeLessThanOrEqual(r.untiled.modelBytes / 2);
  }, 120_000);
});

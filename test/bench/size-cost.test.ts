/**
 * The resolution bench's measurement (size-cost.ts) runs the engine's own plan: the tiles and the
 * optimiser the memory budget chooses, and an evaluation of that scale's objective. wasm, 40 px, lite
 * (random weights): what is checked is the plan and the accounting, not the seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { resolveOptions } from "../../src/engine/options";
import { runSizes } from "../../src/engine/stylize";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { presetLayers } from "../../src/weights/core/preset-layers";
import { randomVggWeights } from "../../src/weights/core/random";
import { sizeCost } from "../../benchmarks/size-cost";
import { wasm } from "../helpers/backend";
import { fixture } from "../helpers/fixtures";

let weights: VggWeights;
beforeAll(async () => {
  await wasm();
  weights = randomVggWeights(presetLayers("lite"), 1);
});
afterAll(() => weights.dispose());

const content = () => fixture("fixture_content_64x64.png");
const style = () => fixture("fixture_style_32x48.png");

describe("bench: one scale's cost at a size", () => {
  it("runs the budget's plan (tiles and Adam at a small budget), counts the run, and leaks no tensor", async () => {
    const before = tf.memory().numTensors;
    const budget = 6;
    const plan = runSizes(content(), resolveOptions({ preset: "lite", size: 40, workingSize: 40, memoryBudgetMB: budget }), false, [style()]).plan[0];
    const r = await sizeCost(weights, content(), style(), { size: 40, iterations: 1, memoryBudgetMB: budget });
    expect(r.size).toEqual([plan.width, plan.height]);
    expect([r.tiles, r.grid, r.optimizer]).toEqual([plan.tiles, [plan.cols, plan.rows], plan.optimizer]);
    expect(r.tiles).toBeGreaterThan(1);
    expect(r.optimizer).toBe("adam");
    expect(r.modelledPeakBytes).toBe(plan.peakBytes);
    expect(r.run?.iterations).toBe(1);
    expect(r.run!.evaluations).toBeGreaterThanOrEqual(2);
    expect(r.evaluation.peakBytes).toBeGreaterThan(0);
    expect(r.evaluation.seconds).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});

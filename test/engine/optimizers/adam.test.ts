import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { createAdam } from "../../../src/engine/optimizers/adam";
import { cpu } from "../../helpers/backend";
import { objectiveOf, point, quadratic, rosenbrock } from "./objectives";

beforeAll(cpu);

const values = (x: tf.Tensor) => Array.from(x.dataSync());

describe("projected Adam", () => {
  it("moves every pixel by the learning rate on its first step, against the gradient's sign", async () => {
    const opt = createAdam(objectiveOf(quadratic([30, 120, 200], [1, 10, 100])), { learningRate: 4 });
    await opt.start(point([100, 100, 100]));
    await opt.step();
    // Bias-corrected m̂/√v̂ is g/|g| at t = 1, whatever the gradient's size.
    const x = values(opt.current());
    expect(x[0]).toBeCloseTo(96, 4);
    expect(x[1]).toBeCloseTo(104, 4);
    expect(x[2]).toBeCloseTo(104, 4);
    opt.dispose();
  });

  it("reaches a quadratic's centre", async () => {
    const opt = createAdam(objectiveOf(quadratic([30, 120, 200])), { learningRate: 4 });
    await opt.start(point([100, 100, 100]));
    let last = Infinity;
    for (let i = 0; i < 300; i++) last = (await opt.step()).loss;
    for (const [i, v] of values(opt.current()).entries()) expect(v).toBeCloseTo([30, 120, 200][i], 2);
    expect(last).toBeLessThan(1e-4);
    opt.dispose();
  });

  it("keeps every iterate in [0, 255] and rests at the bound nearest an outside centre", async () => {
    const opt = createAdam(objectiveOf(quadratic([-50, 300])), { learningRate: 8 });
    await opt.start(point([-10, 400]));
    expect(values(opt.current())).toEqual([0, 255]); // the start is projected too
    for (let i = 0; i < 20; i++) {
      await opt.step();
      for (const v of values(opt.current())) expect(v >= 0 && v <= 255).toBe(true);
    }
    expect(values(opt.current())).toEqual([0, 255]);
    opt.dispose();
  });

  it("reports the loss, its parts and one evaluation per step", async () => {
    const opt = createAdam(objectiveOf(quadratic([10, 20])), { learningRate: 1 });
    expect(await opt.start(point([0, 0]))).toEqual({ loss: 500, parts: { total: 500, content: 500, style: 0, tv: 0 }, evaluations: 1 });
    const r = await opt.step();
    expect(r.evaluations).toBe(1);
    expect(r.loss).toBeCloseTo(81 + 361, 3);
    opt.dispose();
  });

  it("leaks no tensor, also when an evaluation throws", async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const f = objectiveOf((x) => {
      if (++calls === 5) throw new Error("aborted");
      return rosenbrock(x);
    });
    const opt = createAdam(f, { learningRate: 0.01 });
    await opt.start(point([2, 2]));
    for (let i = 0; i < 3; i++) await opt.step();
    await expect(opt.step()).rejects.toThrow("aborted");
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("refuses to step before start", () => {
    const opt = createAdam(objectiveOf(quadratic([1])), { learningRate: 1 });
    expect(() => opt.step()).toThrow(/start\(\) first/);
  });
});

/** The strong-Wolfe line search on known one-dimensional functions, and L-BFGS with it. */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { cubicMinimiser, strongWolfe, type LinePoint } from "../../../src/engine/optimizers/line-search";
import { createLbfgs } from "../../../src/engine/optimizers/lbfgs";
import { cpu } from "../../helpers/backend";
import { objectiveOf, point, quadratic, rosenbrock } from "./objectives";

beforeAll(cpu);

const C = { c1: 1e-4, c2: 0.9, maxEvals: 20 };

/** φ as a search sees it, with every trial tracked so the test can check what was released. */
function line(fn: (t: number) => number, dfn: (t: number) => number) {
  const made: number[] = [];
  const released: number[] = [];
  const phi = async (t: number): Promise<LinePoint<number> & { d0: number }> => {
    made.push(t);
    return { t, f: fn(t), d: dfn(t), d0: dfn(0), trial: made.length };
  };
  return { phi, made, released, release: (id: number) => released.push(id) };
}

function expectStrongWolfe(t: number, fn: (t: number) => number, dfn: (t: number) => number): void {
  expect(fn(t)).toBeLessThanOrEqual(fn(0) + C.c1 * t * dfn(0));
  expect(Math.abs(dfn(t))).toBeLessThanOrEqual(C.c2 * Math.abs(dfn(0)));
}

describe("strong-Wolfe line search", () => {
  it("the cubic through two points of a quadratic has the quadratic's minimiser", () => {
    // (t − 2)²: (0, 4, −4) and (3, 1, 2).
    expect(cubicMinimiser(0, 4, -4, 3, 1, 2, 0, 3)).toBeCloseTo(2, 10);
    // Clamped to the bounds it is given.
    expect(cubicMinimiser(0, 4, -4, 3, 1, 2, 2.5, 3)).toBe(2.5);
  });

  it("extrapolates past t = 1 when the slope there is still steep, and accepts a point meeting both conditions", async () => {
    const fn = (t: number) => (t - 20) ** 2;
    const dfn = (t: number) => 2 * (t - 20);
    const l = line(fn, dfn);
    const r = await strongWolfe(l.phi, fn(0), 1, C, l.release);
    expect(r.wolfe).toBe(true);
    const t = r.point!.t;
    expect(t).toBeGreaterThan(1);
    expectStrongWolfe(t, fn, dfn);
    expect(r.evaluations).toBe(l.made.length);
    // Every trial but the accepted one is handed back.
    expect(l.released.sort()).toEqual(l.made.map((_, i) => i + 1).filter((id) => id !== r.point!.trial));
  });

  it("zooms into a bracket when t = 1 overshoots, on a non-quadratic function", async () => {
    // A quartic well at 0.3 with a steep wall: t = 1 is far too long.
    const fn = (t: number) => (t - 0.3) ** 4 + 0.5 * (t - 0.3) ** 2;
    const dfn = (t: number) => 4 * (t - 0.3) ** 3 + (t - 0.3);
    const l = line(fn, dfn);
    const r = await strongWolfe(l.phi, fn(0), 1, C, l.release);
    expect(r.wolfe).toBe(true);
    expect(r.point!.t).toBeLessThan(1);
    expectStrongWolfe(r.point!.t, fn, dfn);
    expect(l.released.length).toBe(l.made.length - 1);
  });

  it("accepts the first trial when it already meets both conditions (one evaluation)", async () => {
    const fn = (t: number) => (t - 1.05) ** 2;
    const dfn = (t: number) => 2 * (t - 1.05);
    const l = line(fn, dfn);
    const r = await strongWolfe(l.phi, fn(0), 1, C, l.release);
    expect(r.evaluations).toBe(1);
    expect(r.point!.t).toBe(1);
    expect(l.released).toEqual([]);
  });

  it("refuses an uphill direction, releasing its trial", async () => {
    const fn = (t: number) => t * t + t;
    const dfn = (t: number) => 2 * t + 1;
    const l = line(fn, dfn);
    const r = await strongWolfe(l.phi, fn(0), 1, C, l.release);
    expect(r.notDescent).toBe(true);
    expect(r.point).toBeNull();
    expect(l.released).toEqual([1]);
  });
});

describe("L-BFGS with the strong-Wolfe search", () => {
  const values = (x: tf.Tensor) => Array.from(x.dataSync());

  async function evaluationsTo(
    lineSearch: "wolfe" | "armijo",
    fn: Parameters<typeof objectiveOf>[0],
    x0: number[],
    below: number,
    max = 200,
    firstStepPixels?: number,
  ): Promise<number> {
    const f = objectiveOf(fn);
    const opt = createLbfgs(f, { historySize: 10, lineSearch, firstStepPixels });
    let loss = (await opt.start(point(x0))).loss;
    for (let i = 0; i < max && loss > below; i++) {
      const r = await opt.step();
      loss = r.loss;
      if (r.stalled) break;
    }
    opt.dispose();
    return loss <= below ? f.evaluations() : Infinity;
  }

  it("needs far fewer evaluations than Armijo backtracking on a quadratic whose minimum lies outside the box", async () => {
    // Minimum at the clamp (0, 100, 255, 20): 1·50² + 3·45² = 8575 (float32 losses: within 0.05 of it).
    const fn = quadratic([-50, 100, 300, 20], [1, 2, 3, 4]);
    const w = await evaluationsTo("wolfe", fn, [10, 10, 10, 10], 8575.05, 40);
    const a = await evaluationsTo("armijo", fn, [10, 10, 10, 10], 8575.05, 40);
    expect(w).toBeLessThan(Infinity);
    expect(w).toBeLessThan(0.7 * a);
  });

  it("reaches Rosenbrock's minimum with no more evaluations than Armijo", async () => {
    const w = await evaluationsTo("wolfe", rosenbrock, [2.5, 3], 1e-8);
    const a = await evaluationsTo("armijo", rosenbrock, [2.5, 3], 1e-8);
    expect(w).toBeLessThan(Infinity);
    expect(w).toBeLessThanOrEqual(a);
  });

  it("reaches a centre outside the box at its clamp, every iterate inside [0, 255]", async () => {
    const opt = createLbfgs(objectiveOf(quadratic([-50, 100, 300, 20], [1, 2, 3, 4])), { historySize: 5 });
    await opt.start(point([10, 10, 10, 10]));
    for (let i = 0; i < 30; i++) {
      await opt.step();
      const v = values(opt.current());
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...v)).toBeLessThanOrEqual(255);
    }
    const [lo, mid, hi, last] = values(opt.current());
    expect(lo).toBe(0);
    // Float32 losses cannot tell 0.01 from the centre here (the loss is ~8.6e3).
    expect(mid).toBeCloseTo(100, 1);
    expect(hi).toBe(255);
    expect(last).toBeCloseTo(20, 1);
    opt.dispose();
  });

  it("leaves no tensor behind, also when an evaluation inside a search throws", async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const base = objectiveOf(rosenbrock);
    const f = async (x: tf.Tensor4D) => {
      if (++calls === 9) throw new Error("aborted");
      return base(x);
    };
    const opt = createLbfgs(f, { historySize: 4 });
    await opt.start(point([2.5, 3]));
    await expect(async () => {
      for (let i = 0; i < 20; i++) await opt.step();
    }).rejects.toThrow("aborted");
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

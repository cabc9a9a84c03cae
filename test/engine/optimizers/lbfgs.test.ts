import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { createLbfgs } from "../../../src/engine/optimizers/lbfgs";
import { cpu } from "../../helpers/backend";
import { objectiveOf, point, quadratic, rosenbrock } from "./objectives";

beforeAll(cpu);

const values = (x: tf.Tensor) => Array.from(x.dataSync());

/** Steps until `stalled` or `max` steps; returns the losses seen, the start's first. */
async function run(
  opt: ReturnType<typeof createLbfgs>,
  x0: tf.Tensor4D,
  max: number,
  each?: () => void,
): Promise<{ losses: number[]; stalledAt: number | null }> {
  const losses = [(await opt.start(x0)).loss];
  for (let i = 0; i < max; i++) {
    const r = await opt.step();
    each?.();
    losses.push(r.loss);
    if (r.stalled) return { losses, stalledAt: i };
  }
  return { losses, stalledAt: null };
}

describe("projected L-BFGS", () => {
  it("finds the centre of an ill-conditioned quadratic in a few steps, the loss never rising", async () => {
    const opt = createLbfgs(objectiveOf(quadratic([30, 120, 200], [1, 10, 100])), { historySize: 5 });
    const { losses } = await run(opt, point([100, 100, 100]), 15);
    for (const [i, v] of values(opt.current()).entries()) expect(v).toBeCloseTo([30, 120, 200][i], 3);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThanOrEqual(losses[i - 1]);
    opt.dispose();
  });

  it("follows Rosenbrock's valley to its minimum at (1, 1)", async () => {
    const opt = createLbfgs(objectiveOf(rosenbrock), { historySize: 10 });
    const { losses } = await run(opt, point([2.5, 3]), 100);
    const [a, b] = values(opt.current());
    expect(Math.abs(a - 1)).toBeLessThan(1e-3);
    expect(Math.abs(b - 1)).toBeLessThan(2e-3);
    expect(losses[losses.length - 1]).toBeLessThan(1e-6);
    expect(losses[0]).toBeGreaterThan(100);
    opt.dispose();
  });

  it("keeps every iterate in [0, 255]: a centre outside the box is reached at its clamp, exactly", async () => {
    const opt = createLbfgs(objectiveOf(quadratic([-50, 100, 300])), { historySize: 5 });
    const seen: number[] = [];
    await run(opt, point([10, 10, 10]), 30, () => seen.push(...values(opt.current())));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(255);
    const [lo, mid, hi] = values(opt.current());
    expect(lo).toBe(0);
    expect(mid).toBeCloseTo(100, 2);
    expect(hi).toBe(255);
    opt.dispose();
  });

  it("projects the starting point into the box before evaluating it", async () => {
    const seenFirst: number[][] = [];
    const f = objectiveOf((x) => (seenFirst.push(x), quadratic([5, 5, 5])(x)));
    const opt = createLbfgs(f, { historySize: 3 });
    await opt.start(point([-5, 300, 7]));
    expect(seenFirst[0]).toEqual([0, 255, 7]);
    expect(values(opt.current())).toEqual([0, 255, 7]);
    opt.dispose();
  });

  it("stays at the minimum once there", async () => {
    const opt = createLbfgs(objectiveOf(quadratic([40, 50])), { historySize: 3 });
    await opt.start(point([40, 50]));
    const r = await opt.step();
    expect(r.loss).toBe(0);
    expect(values(opt.current())).toEqual([40, 50]);
    opt.dispose();
  });

  it("counts its evaluations and reports the loss's parts", async () => {
    const f = objectiveOf(quadratic([30, 60]));
    const opt = createLbfgs(f, { historySize: 3 });
    const start = await opt.start(point([0, 0]));
    expect(start).toEqual({ loss: 4500, parts: { total: 4500, content: 4500, style: 0, tv: 0 }, evaluations: 1 });
    let total = start.evaluations;
    for (let i = 0; i < 3; i++) total += (await opt.step()).evaluations;
    expect(total).toBe(f.evaluations());
    opt.dispose();
  });

  it("leaks no tensor, also when an evaluation throws mid-search", async () => {
    const before = tf.memory().numTensors;
    const opt = createLbfgs(objectiveOf(rosenbrock), { historySize: 4, firstStepPixels: 0.5 });
    await run(opt, point([2, 2]), 10);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);

    let calls = 0;
    const boom = objectiveOf((x) => {
      if (++calls === 4) throw new Error("aborted");
      return rosenbrock(x);
    });
    const opt2 = createLbfgs(boom, { historySize: 4, firstStepPixels: 0.5 });
    await expect(run(opt2, point([2, 2]), 10)).rejects.toThrow("aborted");
    opt2.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

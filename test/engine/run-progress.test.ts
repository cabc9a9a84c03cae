/** A run's iteration count and its estimate of what is left (run-progress.ts), on made-up timings. */
import { describe, expect, it } from "vitest";
import { converged, iterationsLeft } from "../../src/engine/convergence";
import { createRunProgress, RATE_WINDOW, scaleIterationsLeft } from "../../src/engine/run-progress";

const sizes: Array<[number, number]> = [
  [10, 10],
  [20, 20],
];
const noEarlyStop = { tolerance: 0, window: 10 };

describe("createRunProgress", () => {
  it("counts iterations and evaluations across scales", () => {
    const p = createRunProgress(sizes, 5, noEarlyStop);
    p.evaluated(1);
    p.iterated({ si: 0, it: 0, ms: 100, losses: [10, 9], done: false, stalled: false });
    p.evaluated(3);
    expect([p.iteration, p.evaluations]).toEqual([1, 4]);
  });

  it("expects the cap at every scale until one converges, then that scale's count; time from the current scale's cost per pixel", () => {
    const p = createRunProgress(
      [
        [10, 10],
        [10, 10],
        [20, 20],
      ],
      5,
      noEarlyStop,
    );
    // 100 ms over 100 px: 1 ms per pixel-iteration; 4 left here (400 px·it), then 5 at 10×10 (500) and 5 at 20×20 (2000).
    expect(p.iterated({ si: 0, it: 0, ms: 100, losses: [10, 9], done: false, stalled: false })).toEqual({ totalIterations: 15, etaMs: 2900 });
    p.iterated({ si: 0, it: 1, ms: 100, losses: [10, 9, 8], done: false, stalled: false });
    // The scale ends at its 3rd iteration: nothing left here; from the next estimate on, a scale is expected to take 3.
    expect(p.iterated({ si: 0, it: 2, ms: 100, losses: [10, 9, 8, 7.99], done: true, stalled: false })).toEqual({ totalIterations: 13, etaMs: 2500 });
    expect(p.iterated({ si: 1, it: 0, ms: 100, losses: [5, 4], done: false, stalled: false })).toEqual({ totalIterations: 4 + 4 + 3, etaMs: 400 + 3 * 400 });
    // The finer scale's own rate replaces the coarser one's: 800 ms over 400 px = 2 ms per pixel-iteration.
    expect(p.iterated({ si: 2, it: 0, ms: 800, losses: [5, 4], done: false, stalled: false })).toEqual({ totalIterations: 5 + 4, etaMs: 2 * 4 * 400 });
  });

  it("a stalled scale does not teach the later scales its count", () => {
    const p = createRunProgress(sizes, 5, noEarlyStop);
    expect(p.iterated({ si: 0, it: 0, ms: 100, losses: [10, 10], done: true, stalled: true }).totalIterations).toBe(1 + 5);
    expect(p.iterated({ si: 1, it: 0, ms: 400, losses: [5, 4], done: false, stalled: false }).totalIterations).toBe(2 + 4);
  });

  it("foresees a scale's stop on a loss whose decrease falls off as a power of the iteration, where a geometric extrapolation foresees it too soon", () => {
    const rule = { tolerance: 0.0025, window: 10 };
    // L_j = 1 + 4/(j + 5): the decrease per window shrinks polynomially.
    const l = Array.from({ length: 2001 }, (_, j) => 1 + 4 / (j + 5));
    const stopAt = l.findIndex((_, j) => converged(l.slice(0, j + 1), rule));
    expect(stopAt).toBeGreaterThan(60);
    for (const j of [25, 40, 60]) {
      const seen = l.slice(0, j + 1);
      const predicted = j + scaleIterationsLeft(seen, rule, 2000);
      expect(Math.abs(predicted - stopAt)).toBeLessThanOrEqual(rule.window);
      expect(j + iterationsLeft(seen, rule, 2000)).toBeLessThan(stopAt - rule.window);
    }
    // The cap bounds it; too early to tell, the cap; converged, nothing.
    expect(scaleIterationsLeft(l.slice(0, 41), rule, 60)).toBe(20);
    expect(scaleIterationsLeft(l.slice(0, 5), rule, 60)).toBe(56);
    expect(scaleIterationsLeft(l.slice(0, stopAt + 1), rule, 2000)).toBe(0);
    expect(scaleIterationsLeft(l.slice(0, 41), { tolerance: 0, window: 10 }, 60)).toBe(20);
  });

  it("times what is left from the scale's recent steps, not its dearer first ones", () => {
    const p = createRunProgress([[10, 10]], 30, noEarlyStop);
    // Five steps at 300 ms, then RATE_WINDOW at 100 ms: 100 ms a step for the 15 left.
    const losses = (it: number) => Array.from({ length: it + 2 }, (_, k) => 10 - k / 100);
    for (let it = 0; it < 5; it++) p.iterated({ si: 0, it, ms: 300, losses: losses(it), done: false, stalled: false });
    let last = { totalIterations: 0, etaMs: 0 };
    for (let it = 5; it < 5 + RATE_WINDOW; it++) last = p.iterated({ si: 0, it, ms: 100, losses: losses(it), done: false, stalled: false });
    expect(last).toEqual({ totalIterations: 30, etaMs: 15 * 100 });
  });
});

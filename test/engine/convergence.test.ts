import { describe, expect, it } from "vitest";
import { converged, iterationsLeft } from "../../src/engine/convergence";

/** Losses whose decrease per iteration shrinks geometrically: L_i = 1 + a·qⁱ. */
const geometric = (n: number, q: number, a = 1) => Array.from({ length: n + 1 }, (_, i) => 1 + a * q ** i);

describe("a scale's stop rule", () => {
  const rule = { tolerance: 0.01, window: 5 };

  it("stops once the loss fell by less than the tolerance over the window, not before", () => {
    const l = geometric(200, 0.9);
    const first = l.findIndex((_, j) => converged(l.slice(0, j + 1), rule));
    expect(first).toBeGreaterThan(rule.window);
    // Just before: the decrease over the window was still at least the tolerance.
    const rel = (j: number) => (l[j - 5] - l[j]) / l[j - 5];
    expect(rel(first)).toBeLessThan(0.01);
    expect(rel(first - 1)).toBeGreaterThanOrEqual(0.01);
  });

  it("never stops with tolerance 0, nor within the first window", () => {
    expect(converged(geometric(100, 0.5), { tolerance: 0, window: 5 })).toBe(false);
    expect(converged([10, 10, 10], rule)).toBe(false);
    expect(converged([10, 10, 10, 10, 10, 10], rule)).toBe(true);
  });

  it("predicts when it will stop from the decrease so far, within a window, capped", () => {
    const l = geometric(400, 0.95, 0.2);
    const stopAt = l.findIndex((_, j) => converged(l.slice(0, j + 1), rule));
    for (const j of [10, 20, 30]) {
      const predicted = j + iterationsLeft(l.slice(0, j + 1), rule, 1000);
      expect(Math.abs(predicted - stopAt)).toBeLessThanOrEqual(rule.window);
    }
    expect(iterationsLeft(l.slice(0, 21), rule, 25)).toBe(5);
    expect(iterationsLeft(l.slice(0, 4), rule, 60)).toBe(57); // too early to tell: the cap
    expect(iterationsLeft(l.slice(0, stopAt + 1), rule, 1000)).toBe(0);
  });
});

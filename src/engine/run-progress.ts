/**
 * A run's count of iterations and evaluations across its scales, and its estimate of what is left:
 * iterations (the current scale's from its stop rule, each later scale's as many as the last scale
 * that converged took, the cap until one has) and time, from the current scale's own recent cost
 * per pixel (a coarse scale's iterations cost more per pixel, fixed overheads, so their rate would
 * overstate the finer scales' time).
 */
import { converged, type StopRule } from "./convergence";

/**
 * Iterations the current scale will still run, at most `cap − done`. The loss's decrease per
 * window falls off like a power of the iteration count, more slowly than geometrically: a
 * geometric extrapolation (convergence.ts's iterationsLeft) foresees the stop too soon, and the
 * ETA dipped with it (README, Performance). So the decrease over the last two windows is
 * extrapolated as d ∝ j^−p to the tolerance.
 */
export function scaleIterationsLeft(losses: readonly number[], rule: StopRule, cap: number): number {
  const j = losses.length - 1;
  const most = Math.max(0, cap - j);
  const w = rule.window;
  if (rule.tolerance <= 0 || most === 0) return most;
  if (converged(losses, rule)) return 0;
  if (j < 2 * w) return most;
  const rel = (end: number) => (losses[end - w] - losses[end]) / Math.max(Math.abs(losses[end - w]), 1e-30);
  const now = rel(j);
  const q = now / rel(j - w);
  if (!(q > 0 && q < 1) || !(now > 0)) return most;
  const p = Math.log(q) / Math.log((j - w) / j);
  const stopAt = j * (now / rule.tolerance) ** (1 / p);
  return Math.min(most, Math.max(1, Math.ceil(stopAt - j)));
}

export interface RunProgress {
  readonly iteration: number;
  readonly evaluations: number;
  /** Counts evaluations (a start's, a line search's). */
  evaluated(n: number): void;
  /** Counts one iteration of scale `si` (its `it`-th) and returns the estimate after it. */
  iterated(step: { si: number; it: number; ms: number; losses: readonly number[]; done: boolean; stalled: boolean }): {
    totalIterations: number;
    etaMs: number;
  };
}

/**
 * Steps the time per iteration is taken over: the recent ones only, since a scale's first
 * iterations cost more (line searches while L-BFGS's history is short), and a rate over the whole
 * scale kept overstating what was left of it (README, Performance).
 */
export const RATE_WINDOW = 10;

/** `caps`: each scale's iteration cap (one number: the same at every scale). */
export function createRunProgress(sizes: ReadonlyArray<readonly [number, number]>, caps: number | readonly number[], rule: StopRule): RunProgress {
  const capAt = (i: number) => (typeof caps === "number" ? caps : caps[i]);
  let iteration = 0;
  let evaluations = 0;
  let expectedPerScale = capAt(0);
  // The last RATE_WINDOW steps' ms at the scale under way (all of them have its pixels).
  let recent: number[] = [];

  /** Iterations still to run from scale `si` on (this scale's `leftHere` included) and their pixels. */
  const workLeft = (si: number, leftHere: number) => {
    let iters = leftHere,
      pixels = sizes[si][0] * sizes[si][1] * leftHere;
    for (let i = si + 1; i < sizes.length; i++) {
      const n = Math.min(capAt(i), expectedPerScale);
      iters += n;
      pixels += sizes[i][0] * sizes[i][1] * n;
    }
    return { iters, pixels };
  };

  return {
    get iteration() {
      return iteration;
    },
    get evaluations() {
      return evaluations;
    },
    evaluated(n) {
      evaluations += n;
    },
    iterated({ si, it, ms, losses, done, stalled }) {
      iteration++;
      if (it === 0) recent = [];
      recent.push(ms);
      if (recent.length > RATE_WINDOW) recent.shift();
      const msPerPixelIter = recent.reduce((a, b) => a + b, 0) / (recent.length * sizes[si][0] * sizes[si][1]);
      const left = workLeft(si, done ? 0 : scaleIterationsLeft(losses, rule, capAt(si)));
      // The next scale is expected to take as many iterations as this one did.
      if (done && !stalled) expectedPerScale = it + 1;
      return { totalIterations: iteration + left.iters, etaMs: msPerPixelIter * left.pixels };
    },
  };
}

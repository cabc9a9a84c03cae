/**
 * A strong-Wolfe line search on φ(t) = f(x(t)) (Nocedal & Wright, algorithms 3.5 and 3.6, in the
 * form PyTorch's `_strong_wolfe` uses): bracket a step that satisfies both
 *   φ(t) ≤ φ(0) + c₁·t·φ'(0)      (sufficient decrease) and
 *   |φ'(t)| ≤ c₂·|φ'(0)|          (curvature),
 * extrapolating past the first trial while the slope is still steeply negative, then zoom in with
 * safeguarded cubic interpolation. Why not Armijo backtracking alone: it never tries a step longer
 * than the first, so a too-short step is taken as it is and the next iteration pays for it.
 *
 * Written here because tfjs has no line search; it works on plain numbers, and the caller's `phi`
 * does the evaluation (and keeps whatever tensors it made in `trial`, released through `release`).
 */

export interface LinePoint<T> {
  t: number;
  /** φ(t); non-finite counts as too high. */
  f: number;
  /** φ'(t). */
  d: number;
  /** The caller's data for this point (its tensors); null for t = 0. */
  trial: T | null;
}

export interface StrongWolfeOptions {
  c1: number;
  c2: number;
  /** Evaluations at most (the first trial included). */
  maxEvals: number;
  /** Extrapolation grows the step by at most this factor per trial. */
  growth?: number;
}

export interface LineSearchResult<T> {
  /** The accepted point, or null when no trial went below φ(0) (or the direction was not downhill). */
  point: LinePoint<T> | null;
  evaluations: number;
  /** φ'(0) ≥ 0: the direction is not a descent direction (nothing accepted). */
  notDescent?: boolean;
  /** Both strong-Wolfe conditions hold at the accepted point (else it is the best bracketed one). */
  wolfe: boolean;
}

/**
 * Minimiser of the cubic through (t1, f1, d1) and (t2, f2, d2), clamped to [lo, hi]; the
 * interval's middle when the cubic has none.
 */
export function cubicMinimiser(t1: number, f1: number, d1: number, t2: number, f2: number, d2: number, lo: number, hi: number): number {
  const a = d1 + d2 - (3 * (f1 - f2)) / (t1 - t2);
  const disc = a * a - d1 * d2;
  if (disc >= 0 && Number.isFinite(disc)) {
    const b = Math.sqrt(disc);
    const m = t1 <= t2 ? t2 - (t2 - t1) * ((d2 + b - a) / (d2 - d1 + 2 * b)) : t1 - (t1 - t2) * ((d1 + b - a) / (d1 - d2 + 2 * b));
    if (Number.isFinite(m)) return Math.min(Math.max(m, lo), hi);
  }
  return (lo + hi) / 2;
}

/**
 * Searches from φ(0) = f0 with a first trial at t0. `phi(t)` evaluates a trial; the first one also
 * gives φ'(0) (`d0`), which the products of the evaluation's single read carry.
 */
export async function strongWolfe<T>(
  phi: (t: number) => Promise<LinePoint<T> & { d0: number }>,
  f0: number,
  t0: number,
  o: StrongWolfeOptions,
  release: (trial: T) => void,
): Promise<LineSearchResult<T>> {
  const free = (p: LinePoint<T> | null) => p?.trial && release(p.trial);
  const growth = o.growth ?? 10;
  let evaluations = 1;
  const first = await phi(t0);
  const g0 = first.d0;
  if (!(g0 < 0)) {
    free(first);
    return { point: null, evaluations, notDescent: true, wolfe: false };
  }
  const armijo = (p: LinePoint<T>) => Number.isFinite(p.f) && p.f <= f0 + o.c1 * p.t * g0;
  const curvature = (p: LinePoint<T>) => Math.abs(p.d) <= -o.c2 * g0;
  const done = (p: LinePoint<T>): LineSearchResult<T> => ({ point: p.t > 0 && p.f < f0 ? p : (free(p), null), evaluations, wolfe: true });

  // Bracketing: grow the step until it overshoots (too high, or rising) or meets both conditions.
  let prev: LinePoint<T> = { t: 0, f: f0, d: g0, trial: null };
  let cur: LinePoint<T> = first;
  let lo: LinePoint<T>, hi: LinePoint<T>;
  for (;;) {
    if (!armijo(cur) || (prev.t > 0 && cur.f >= prev.f)) {
      [lo, hi] = [prev, cur];
      break;
    }
    if (curvature(cur)) {
      free(prev);
      return done(cur);
    }
    if (cur.d >= 0) {
      [lo, hi] = [cur, prev];
      break;
    }
    if (evaluations >= o.maxEvals) {
      free(prev);
      return { point: cur, evaluations, wolfe: false };
    }
    // Still going steeply down: a longer step, between just past t and growth·t.
    const t = cubicMinimiser(prev.t, prev.f, prev.d, cur.t, cur.f, cur.d, cur.t + 0.01 * (cur.t - prev.t), growth * cur.t);
    free(prev);
    prev = cur;
    cur = await phi(t);
    evaluations++;
  }
  if (hi.f < lo.f && armijo(hi)) [lo, hi] = [hi, lo];

  // Zoom: shrink [lo, hi] around a point meeting both conditions; lo is always the best so far.
  let insufficient = false;
  while (evaluations < o.maxEvals) {
    const next = zoomTrial(lo, hi, insufficient);
    if (!next) break;
    insufficient = next.insufficient;
    const p = await phi(next.t);
    evaluations++;
    if (!armijo(p) || p.f >= lo.f) {
      free(hi);
      hi = p;
    } else {
      if (curvature(p)) {
        free(lo);
        free(hi);
        return done(p);
      }
      if (p.d * (hi.t - lo.t) >= 0) {
        free(hi);
        hi = lo;
      } else free(lo);
      lo = p;
    }
  }
  free(hi);
  if (lo.t > 0 && lo.f < f0) return { point: lo, evaluations, wolfe: false };
  free(lo);
  return { point: null, evaluations, wolfe: false };
}

/**
 * The zoom's next trial inside the bracket [lo, hi] (null once it is too narrow to split): the
 * cubic's minimiser, kept off the bracket's ends so it shrinks by a useful fraction; `insufficient`
 * carries whether the last trial already sat near an end.
 */
export function zoomTrial(lo: LinePoint<unknown>, hi: LinePoint<unknown>, insufficient: boolean): { t: number; insufficient: boolean } | null {
  const a = Math.min(lo.t, hi.t);
  const b = Math.max(lo.t, hi.t);
  if (!(b - a > 1e-12 * b)) return null;
  const t = Number.isFinite(hi.f) ? cubicMinimiser(lo.t, lo.f, lo.d, hi.t, hi.f, hi.d, a, b) : (a + b) / 2;
  const eps = 0.1 * (b - a);
  if (Math.min(b - t, t - a) >= eps) return { t, insufficient: false };
  if (insufficient || t >= b || t <= a) return { t: Math.abs(t - b) < Math.abs(t - a) ? b - eps : a + eps, insufficient: false };
  return { t, insufficient: true };
}

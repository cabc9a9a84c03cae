/**
 * When a scale has done its work: the loss's relative decrease over the last `window` iterations
 * fell below `tolerance`. And how many iterations that will take, for the ETA: the decrease per
 * window shrinks roughly geometrically, so extrapolate its last two windows to the tolerance.
 */
export interface StopRule {
  /** Relative decrease over `window` iterations below which a scale stops; 0 = never stop early. */
  tolerance: number;
  window: number;
}

/** Relative decrease of `losses` (start first) over the `window` iterations ending at index `end`. */
function relDecrease(losses: readonly number[], end: number, window: number): number {
  const a = losses[end - window];
  return (a - losses[end]) / Math.max(Math.abs(a), 1e-30);
}

/** True when the scale whose losses (start loss first, then one per iteration) these are should stop. */
export function converged(losses: readonly number[], rule: StopRule): boolean {
  const j = losses.length - 1;
  return rule.tolerance > 0 && j >= rule.window && relDecrease(losses, j, rule.window) < rule.tolerance;
}

/** Iterations this scale will still run, at most `cap − done`, from the decrease so far. */
export function iterationsLeft(losses: readonly number[], rule: StopRule, cap: number): number {
  const j = losses.length - 1;
  const most = Math.max(0, cap - j);
  if (rule.tolerance <= 0 || most === 0) return most;
  if (converged(losses, rule)) return 0;
  if (j < 2 * rule.window) return most;
  const now = relDecrease(losses, j, rule.window);
  const before = relDecrease(losses, j - rule.window, rule.window);
  const q = now / before;
  if (!(q > 0 && q < 1) || !(now > 0)) return most;
  const left = Math.ceil((rule.window * Math.log(rule.tolerance / now)) / Math.log(q));
  return Math.min(most, Math.max(1, left));
}

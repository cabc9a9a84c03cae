/**
 * The L-BFGS history's bookkeeping on the CPU: the history rows' inner products with each other
 * and with the newest gradient (two-loop.ts's input), brought up to date from the products an
 * accepted trial read back with its loss. Pure arithmetic: no tensors, nothing kept.
 */
import type { HistoryProducts } from "./two-loop";

/**
 * Row order of a trial's stacked vectors: s = x_new − x, y = g_new − g, g_new, g, and the direction
 * where the path moves at the trial (DT) and at its start (D0): φ'(t) = DT·g_new, φ'(0) = D0·g.
 */
export const S = 0,
  Y = 1,
  GN = 2,
  G = 3,
  DT = 4,
  D0 = 5;
export const ROWS = 6;

/** What a trial read back about itself and the history. */
export interface TrialProducts {
  /** The trial's rows' products with each other, ROWS × ROWS, row-major. */
  vv: ArrayLike<number>;
  /** The held history rows' products with the trial's rows, 2k × ROWS (k = pairs held). */
  hv: ArrayLike<number>;
}

export const vvAt = (p: TrialProducts, i: number, j: number): number => p.vv[i * ROWS + j];

export function emptyHistory(): HistoryProducts {
  return { pairs: 0, gram: new Float64Array(0), withG: new Float64Array(0), gamma: 1 };
}

/** A pair is kept only when sᵀy > 0 (relative to yᵀy): that keeps the implicit Hessian positive definite. */
export function keepsPair(p: TrialProducts): boolean {
  return vvAt(p, S, Y) > 1e-10 * Math.max(1, vvAt(p, Y, Y));
}

/**
 * The history's products once the trial is accepted, holding at most m pairs: its pair appended
 * (the oldest dropped past m) when kept, else the same rows with their products with the new gradient.
 */
export function acceptProducts(h: HistoryProducts, p: TrialProducts, m: number): HistoryProducts {
  const k = h.pairs;
  if (!keepsPair(p)) return { ...h, withG: Float64Array.from({ length: 2 * k }, (_, r) => p.hv[r * ROWS + GN]) };
  // Grow the products by the new pair's two rows, then drop the oldest pair past m.
  const n1 = 2 * k + 2;
  const gram = new Float64Array(n1 * n1);
  for (let i = 0; i < 2 * k; i++) for (let j = 0; j < 2 * k; j++) gram[i * n1 + j] = h.gram[i * 2 * k + j];
  const newRows = [
    [2 * k, S],
    [2 * k + 1, Y],
  ] as const;
  for (let r = 0; r < 2 * k; r++) for (const [col, which] of newRows) gram[r * n1 + col] = gram[col * n1 + r] = p.hv[r * ROWS + which];
  for (const [a, i] of newRows) for (const [b, j] of newRows) gram[a * n1 + b] = vvAt(p, i, j);
  const withG = new Float64Array(n1);
  for (let r = 0; r < 2 * k; r++) withG[r] = p.hv[r * ROWS + GN];
  withG[2 * k] = vvAt(p, S, GN);
  withG[2 * k + 1] = vvAt(p, Y, GN);
  const drop = k + 1 > m ? 2 : 0;
  const n2 = n1 - drop;
  const kept = new Float64Array(n2 * n2);
  for (let i = 0; i < n2; i++) for (let j = 0; j < n2; j++) kept[i * n2 + j] = gram[(i + drop) * n1 + j + drop];
  return { pairs: n2 / 2, gram: kept, withG: withG.slice(drop), gamma: vvAt(p, S, Y) / vvAt(p, Y, Y) };
}

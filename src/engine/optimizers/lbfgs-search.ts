/**
 * L-BFGS's two line searches along the projected path, over trials tryStep makes: the strong-Wolfe
 * search (line-search.ts, may lengthen the step) or backtracking Armijo safeguarded with quadratic
 * interpolation (never longer than the first step). Trials not accepted are released, even on an abort.
 */
import { G, S, vvAt } from "./history-products";
import { disposeTrial, slopes, type Trial } from "./lbfgs-trial";
import { strongWolfe } from "./line-search";

export interface SearchSettings {
  /** Sufficient-decrease constant. */
  c1: number;
  /** Curvature constant of the strong-Wolfe search. */
  c2: number;
  /** Evaluations one search may spend (Armijo: backtracks after the first). */
  maxBacktracks: number;
}

export interface SearchResult {
  accepted: Trial | null;
  evaluations: number;
}

/** The trial at step length t along the path (tryStep with the direction fixed). */
export type TrialAt = (t: number) => Promise<Trial>;

/** The strong-Wolfe search from t0, the loss at the start being fx. */
export async function searchWolfe(trialAt: TrialAt, fx: number, t0: number, s: SearchSettings): Promise<SearchResult> {
  const live = new Set<Trial>();
  try {
    const r = await strongWolfe(
      async (t) => {
        const tr = await trialAt(t);
        live.add(tr);
        return { t, f: tr.loss, ...slopes(tr), trial: tr };
      },
      fx,
      t0,
      { c1: s.c1, c2: s.c2, maxEvals: s.maxBacktracks + 1 },
      (tr) => {
        live.delete(tr);
        disposeTrial(tr);
      },
    );
    const accepted = r.point?.trial ?? null;
    if (accepted) live.delete(accepted);
    return { accepted, evaluations: r.evaluations };
  } finally {
    for (const tr of live) disposeTrial(tr);
  }
}

/** Backtracking from t0 until sufficient decrease, never longer than t0; `steepest`: d = −g (always downhill). */
export async function searchArmijo(trialAt: TrialAt, fx: number, t0: number, steepest: boolean, s: SearchSettings): Promise<SearchResult> {
  let t = t0;
  let evaluations = 0;
  for (let k = 0; k <= s.maxBacktracks; k++) {
    const tr = await trialAt(t);
    evaluations++;
    const gs = vvAt(tr, G, S);
    if (k === 0 && gs >= 0 && !steepest) {
      disposeTrial(tr);
      break; // not a descent direction: curvature history is stale
    }
    if (Number.isFinite(tr.loss) && tr.loss <= fx + s.c1 * gs) return { accepted: tr, evaluations };
    // Minimiser of the quadratic through f(0), f'(0)·t and f(t), kept within [0.1t, 0.5t].
    const slope = gs / t;
    const curv = tr.loss - fx - slope * t;
    const tq = curv > 0 ? (-slope * t * t) / (2 * curv) : 0.5 * t;
    t = Math.min(0.5 * t, Math.max(0.1 * t, tq));
    disposeTrial(tr);
  }
  return { accepted: null, evaluations };
}

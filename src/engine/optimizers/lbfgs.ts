/**
 * Projected L-BFGS (tfjs has none). The history lives on the device as one stacked [2m, n] tensor
 * (rows s₀, y₀, s₁, y₁, …, newest last; zero rows in front until m pairs are held, so every matmul
 * keeps one shape and WebGL compiles its programs once, not once per history length); the two-loop
 * recursion runs on the CPU over the rows' inner products
 * (two-loop.ts, kept up to date by history-products.ts), so a direction is one small matmul and a
 * trial's products one more, whatever m (lbfgs-trial.ts).
 * The line search runs on the projected path x(t) = P(x + t·d) (lbfgs-search.ts): a strong-Wolfe
 * search (line-search.ts) that can also lengthen the step, or a backtracking Armijo search
 * safeguarded with quadratic interpolation. One GPU→CPU read per objective evaluation: the loss, its parts,
 * the search's and curvature update's products (the path's slope among them) and the gradient's
 * largest entry travel together.
 *
 * Curvature pairs are kept only when sᵀy > 0 (keeps the implicit Hessian positive definite);
 * the history is reset when the search fails or the direction is not a descent direction.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { LossParts } from "../types";
import { emptyHistory } from "./history-products";
import { searchArmijo, searchWolfe, type SearchResult, type SearchSettings } from "./lbfgs-search";
import { acceptTrial, clearHistory, direction, evaluateStart, movingAtStart, tryStep, type Iterate } from "./lbfgs-trial";
import { lossParts, type Objective, type Optimizer } from "./optimizer";

export interface LbfgsOptions {
  historySize: number;
  /** Largest pixel change of the very first (steepest-descent) trial step, in 0–255 units. */
  firstStepPixels?: number;
  /** "wolfe": strong-Wolfe (brackets, may extrapolate); "armijo": backtracking only. */
  lineSearch?: "wolfe" | "armijo";
  /** Sufficient-decrease constant. */
  c1?: number;
  /** Curvature constant of the strong-Wolfe search. */
  c2?: number;
  /** Evaluations one search may spend (Armijo: backtracks after the first). */
  maxBacktracks?: number;
}

export function createLbfgs(f: Objective, opts: LbfgsOptions): Optimizer {
  const m = opts.historySize;
  const firstStep = opts.firstStepPixels ?? 16;
  const settings: SearchSettings = { c1: opts.c1 ?? 1e-4, c2: opts.c2 ?? 0.9, maxBacktracks: opts.maxBacktracks ?? 8 };
  const wolfe = (opts.lineSearch ?? "wolfe") === "wolfe";
  /** The iterate and the history: [2m, n] rows allocated at start, so the very first trial already runs (and compiles) every matmul the later ones run. */
  let at: Iterate | null = null;
  let gMaxAbs = 0;
  let fx = Infinity;
  let lastParts: LossParts = lossParts(NaN, [NaN, NaN, NaN]);

  /** One search along −H·g (accepted: null when it found no lower point). */
  async function search(it: Iterate): Promise<SearchResult> {
    const steepest = it.h.pairs === 0;
    const d = direction(it);
    const d0 = movingAtStart(it.x, d);
    // First step: no curvature known yet, so bound the largest pixel change instead (d = −g).
    const t0 = steepest && gMaxAbs > 0 ? firstStep / gMaxAbs : 1;
    const trialAt = (t: number) => tryStep(f, it, d, d0, t);
    try {
      return wolfe ? await searchWolfe(trialAt, fx, t0, settings) : await searchArmijo(trialAt, fx, t0, steepest, settings);
    } finally {
      d.dispose();
      d0.dispose();
    }
  }

  const release = () => {
    if (at) for (const z of [at.x, at.g, at.rows]) z.dispose();
    at = null;
  };

  return {
    async start(x0) {
      release();
      const s = await evaluateStart(f, x0);
      at = { x: s.x, g: s.g, rows: tf.zeros([2 * m, s.x.size]), h: emptyHistory(), m };
      [fx, lastParts, gMaxAbs] = [s.loss, s.parts, s.gMaxAbs];
      return { loss: fx, parts: lastParts, evaluations: 1 };
    },

    async step() {
      if (!at) throw new Error("L-BFGS: start() first");
      let evaluations = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        const r = await search(at);
        evaluations += r.evaluations;
        if (r.accepted) {
          acceptTrial(at, r.accepted);
          [fx, lastParts, gMaxAbs] = [r.accepted.loss, r.accepted.parts, r.accepted.gMaxAbs];
          return { loss: fx, parts: lastParts, evaluations };
        }
        // Failed: restart from steepest descent once; if that fails too, we are at a (local) minimum.
        const hadHistory = at.h.pairs > 0;
        clearHistory(at);
        if (!hadHistory) break;
      }
      return { loss: fx, parts: lastParts, evaluations, stalled: true };
    },

    current() {
      if (!at) throw new Error("L-BFGS: start() first");
      return at.x;
    },

    dispose: release,
  };
}

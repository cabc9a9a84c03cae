/**
 * Projected L-BFGS (tfjs has none). The history lives on the device as one stacked [2m, n] tensor
 * (rows s₀, y₀, s₁, y₁, …, newest last; zero rows in front until m pairs are held, so every matmul
 * keeps one shape and WebGL compiles its programs once, not once per history length); the two-loop
 * recursion runs on the CPU over the rows' inner products
 * (two-loop.ts), so a direction is one small matmul and a trial's products one more, whatever m.
 * The line search runs on the projected path x(t) = P(x + t·d): a strong-Wolfe search
 * (line-search.ts) that can also lengthen the step, or a backtracking Armijo search safeguarded
 * with quadratic interpolation. One GPU→CPU read per objective evaluation: the loss, its parts,
 * the search's and curvature update's products (the path's slope among them) and the gradient's
 * largest entry travel together.
 *
 * Curvature pairs are kept only when sᵀy > 0 (keeps the implicit Hessian positive definite);
 * the history is reset when the search fails or the direction is not a descent direction.
 */
import * as tf from "@tensorflow/tfjs-core";
import { evaluateProjected, lossParts, PIXEL_MAX, PIXEL_MIN, project, projectGradient, readScalars, type Objective, type Optimizer } from "./optimizer";
import { strongWolfe } from "./line-search";
import { twoLoopCoefficients, type HistoryProducts } from "./two-loop";
import type { LossParts } from "../types";

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

/**
 * Row order of a trial's stacked vectors: s = x_new − x, y = g_new − g, g_new, g, and the direction
 * where the path moves at the trial (DT) and at its start (D0): φ'(t) = DT·g_new, φ'(0) = D0·g.
 */
const S = 0, Y = 1, GN = 2, G = 3, DT = 4, D0 = 5;
const ROWS = 6;

export function createLbfgs(f: Objective, opts: LbfgsOptions): Optimizer {
  const m = opts.historySize;
  const firstStep = opts.firstStepPixels ?? 16;
  const c1 = opts.c1 ?? 1e-4;
  const c2 = opts.c2 ?? 0.9;
  const wolfe = (opts.lineSearch ?? "wolfe") === "wolfe";
  const maxBacktracks = opts.maxBacktracks ?? 8;
  let x: tf.Tensor4D | null = null;
  let g: tf.Tensor4D | null = null;
  let gMaxAbs = 0;
  let fx = Infinity;
  let lastParts: LossParts = lossParts(NaN, [NaN, NaN, NaN]);
  /**
   * [2m, n]: the history's 2k rows last, oldest pair first, zeros before them. Allocated at start,
   * so the very first trial already runs (and compiles) every matmul the later ones run.
   */
  let rows: tf.Tensor2D | null = null;
  let h: HistoryProducts = { pairs: 0, gram: new Float64Array(0), withG: new Float64Array(0), gamma: 1 };

  /** Empties the history: all-zero rows of n columns, or none (n = 0: disposed). */
  function clearHistory(n: number): void {
    rows?.dispose();
    rows = n > 0 ? tf.zeros([2 * m, n]) : null;
    h = { pairs: 0, gram: new Float64Array(0), withG: new Float64Array(0), gamma: 1 };
  }

  /** d = −H·g, from the coefficients the two-loop recursion gives. */
  function direction(): tf.Tensor4D {
    // With no pair held the coefficients on the rows are all zero and this is −g.
    const { onRows, onG } = twoLoopCoefficients(h);
    return tf.tidy(() => {
      const c = tf.tensor2d([...new Array<number>(2 * m - onRows.length).fill(0), ...Array.from(onRows, (v) => -v)], [1, 2 * m]);
      return tf.add(tf.reshape(tf.matMul(c, rows!), g!.shape), tf.mul(g!, -onG)) as tf.Tensor4D;
    });
  }

  interface Trial {
    x: tf.Tensor4D;
    g: tf.Tensor4D;
    /** [ROWS, n], in the row order above. */
    v: tf.Tensor2D;
    loss: number;
    parts: LossParts;
    /** v's rows' products with each other, ROWS × ROWS. */
    vv: number[];
    /** The history rows' products with v's rows, 2k × ROWS. */
    hv: number[];
    gMaxAbs: number;
  }
  const vvAt = (tr: Trial, i: number, j: number) => tr.vv[i * ROWS + j];

  /** d where the path leaves x at all: zero where x sits on a bound and d points out of the box. */
  function movingAtStart(d: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const out = tf.logicalOr(tf.logicalAnd(tf.lessEqual(x!, PIXEL_MIN), tf.less(d, 0)), tf.logicalAnd(tf.greaterEqual(x!, PIXEL_MAX), tf.greater(d, 0)));
      return tf.where(out, tf.zerosLike(d), d) as tf.Tensor4D;
    });
  }

  async function tryStep(d: tf.Tensor4D, d0: tf.Tensor4D, t: number): Promise<Trial> {
    const [xn, dt] = tf.tidy(() => {
      const free = tf.add(x!, tf.mul(d, t)) as tf.Tensor4D;
      const inside = tf.logicalAnd(tf.greater(free, PIXEL_MIN), tf.less(free, PIXEL_MAX));
      return [project(free), tf.where(inside, d, tf.zerosLike(d)) as tf.Tensor4D];
    });
    let evaluated: Awaited<ReturnType<typeof evaluateProjected>>;
    try {
      evaluated = await evaluateProjected(f, xn);
    } catch (err) {
      dt.dispose();
      throw err;
    }
    const { e, g: gn } = evaluated;
    const n = xn.size;
    const v = tf.tidy(() => tf.concat([tf.sub(xn, x!), tf.sub(gn, g!), gn, g!, dt, d0].map((z) => tf.reshape(z, [1, n]))) as tf.Tensor2D);
    dt.dispose();
    // Explicit transpose: wasm's transposed-operand matmul is much slower than the transpose itself.
    const products = tf.tidy(() => {
      const vt = tf.transpose(v);
      return [tf.matMul(v, vt), tf.matMul(rows!, vt), tf.max(tf.abs(gn))];
    });
    const all = await readScalars([e.loss, e.parts, ...products]);
    for (const z of [e.loss, e.parts, e.grad, ...products]) z.dispose();
    // The padded rows' products come back too (zeros); the held pairs' are the last 2k·ROWS.
    const vvEnd = 4 + ROWS * ROWS;
    const hvLen = 2 * m * ROWS;
    const hv = all.slice(vvEnd + hvLen - 2 * ROWS * h.pairs, vvEnd + hvLen);
    return { x: xn, g: gn, v, loss: all[0], parts: lossParts(all[0], all.slice(1, 4)), vv: all.slice(4, vvEnd), hv, gMaxAbs: all[vvEnd + hvLen] };
  }

  function disposeTrial(tr: Trial): void {
    for (const z of [tr.x, tr.g, tr.v]) z.dispose();
  }

  /** Moves to the accepted trial: new iterate, its products with the history, and maybe a new pair. */
  function accept(tr: Trial): void {
    x!.dispose();
    g!.dispose();
    x = tr.x;
    g = tr.g;
    fx = tr.loss;
    lastParts = tr.parts;
    gMaxAbs = tr.gMaxAbs;
    const k = h.pairs;
    const sy = vvAt(tr, S, Y);
    const yy = vvAt(tr, Y, Y);
    if (!(sy > 1e-10 * Math.max(1, yy))) {
      // No pair kept: only the history's products with the new gradient change.
      h.withG = Float64Array.from({ length: 2 * k }, (_, r) => tr.hv[r * ROWS + GN]);
      tr.v.dispose();
      return;
    }
    // Grow the products by the new pair's two rows, then drop the oldest pair past m.
    const n1 = 2 * k + 2;
    const gram = new Float64Array(n1 * n1);
    for (let i = 0; i < 2 * k; i++) for (let j = 0; j < 2 * k; j++) gram[i * n1 + j] = h.gram[i * 2 * k + j];
    for (let r = 0; r < 2 * k; r++) {
      for (const [col, which] of [[2 * k, S], [2 * k + 1, Y]] as const) {
        gram[r * n1 + col] = gram[col * n1 + r] = tr.hv[r * ROWS + which];
      }
    }
    for (const [a, i] of [[2 * k, S], [2 * k + 1, Y]] as const) for (const [b, j] of [[2 * k, S], [2 * k + 1, Y]] as const) gram[a * n1 + b] = vvAt(tr, i, j);
    const withG = new Float64Array(n1);
    for (let r = 0; r < 2 * k; r++) withG[r] = tr.hv[r * ROWS + GN];
    withG[2 * k] = vvAt(tr, S, GN);
    withG[2 * k + 1] = vvAt(tr, Y, GN);
    const drop = k + 1 > m ? 2 : 0;
    const n2 = n1 - drop;
    const kept = new Float64Array(n2 * n2);
    for (let i = 0; i < n2; i++) for (let j = 0; j < n2; j++) kept[i * n2 + j] = gram[(i + drop) * n1 + j + drop];
    h = { pairs: n2 / 2, gram: kept, withG: withG.slice(drop), gamma: sy / yy };

    const old = rows!;
    const n = tr.v.shape[1];
    // Always shift by one pair: out go two zero rows while the history fills, the oldest pair once full.
    rows = tf.tidy(() => tf.concat([tf.slice(old, [2, 0], [2 * m - 2, n]), tf.slice(tr.v, [0, 0], [2, n])]) as tf.Tensor2D);
    old.dispose();
    tr.v.dispose();
  }

  /** The strong-Wolfe search along d; trials it did not accept are released, even on an abort. */
  async function searchWolfe(d: tf.Tensor4D, d0: tf.Tensor4D, t0: number): Promise<{ accepted: Trial | null; evaluations: number }> {
    const live = new Set<Trial>();
    try {
      const r = await strongWolfe(
        async (t) => {
          const tr = await tryStep(d, d0, t);
          live.add(tr);
          return { t, f: tr.loss, d: vvAt(tr, DT, GN), d0: vvAt(tr, D0, G), trial: tr };
        },
        fx,
        t0,
        { c1, c2, maxEvals: maxBacktracks + 1 },
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

  /** Backtracking from t0 until sufficient decrease, never longer than t0. */
  async function searchArmijo(d: tf.Tensor4D, d0: tf.Tensor4D, t0: number, steepest: boolean): Promise<{ accepted: Trial | null; evaluations: number }> {
    let t = t0;
    let evaluations = 0;
    for (let k = 0; k <= maxBacktracks; k++) {
      const tr = await tryStep(d, d0, t);
      evaluations++;
      const gs = vvAt(tr, G, S);
      if (k === 0 && gs >= 0 && !steepest) {
        disposeTrial(tr);
        break; // not a descent direction: curvature history is stale
      }
      if (Number.isFinite(tr.loss) && tr.loss <= fx + c1 * gs) return { accepted: tr, evaluations };
      // Minimiser of the quadratic through f(0), f'(0)·t and f(t), kept within [0.1t, 0.5t].
      const slope = gs / t;
      const curv = tr.loss - fx - slope * t;
      const tq = curv > 0 ? (-slope * t * t) / (2 * curv) : 0.5 * t;
      t = Math.min(0.5 * t, Math.max(0.1 * t, tq));
      disposeTrial(tr);
    }
    return { accepted: null, evaluations };
  }

  return {
    async start(x0) {
      x?.dispose();
      g?.dispose();
      x = project(x0);
      x0.dispose();
      clearHistory(x.size);
      const e = await f(x);
      g = projectGradient(x, e.grad);
      const gMax = tf.tidy(() => tf.max(tf.abs(g!)));
      const [loss, ...rest] = await readScalars([e.loss, e.parts, gMax]);
      for (const z of [e.loss, e.parts, e.grad, gMax]) z.dispose();
      const gm = rest.pop()!;
      fx = loss;
      lastParts = lossParts(loss, rest);
      gMaxAbs = gm;
      return { loss, parts: lastParts, evaluations: 1 };
    },

    async step() {
      if (!x || !g) throw new Error("L-BFGS: start() first");
      let evaluations = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        const steepest = h.pairs === 0;
        const d = direction();
        const d0 = movingAtStart(d);
        // First step: no curvature known yet, so bound the largest pixel change instead (d = −g).
        const t0 = steepest && gMaxAbs > 0 ? firstStep / gMaxAbs : 1;
        let accepted: Trial | null;
        try {
          const r = wolfe ? await searchWolfe(d, d0, t0) : await searchArmijo(d, d0, t0, steepest);
          evaluations += r.evaluations;
          accepted = r.accepted;
        } finally {
          d.dispose();
          d0.dispose();
        }
        if (accepted) {
          accept(accepted);
          return { loss: fx, parts: lastParts, evaluations };
        }
        // Failed: restart from steepest descent once; if that fails too, we are at a (local) minimum.
        const hadHistory = h.pairs > 0;
        clearHistory(x.size);
        if (!hadHistory) break;
      }
      return { loss: fx, parts: lastParts, evaluations, stalled: true };
    },

    current() {
      if (!x) throw new Error("L-BFGS: start() first");
      return x;
    },

    dispose() {
      clearHistory(0);
      x?.dispose();
      g?.dispose();
      x = g = null;
    },
  };
}

/**
 * Projected L-BFGS (tfjs has none). Two-loop recursion entirely in tensor ops (no reads), then a
 * backtracking Armijo line search on the projected path x(t) = P(x + t·d), safeguarded with
 * quadratic interpolation. One GPU→CPU read per objective evaluation: the loss, its parts and
 * the dot products the search and the curvature update need travel together.
 *
 * Curvature pairs are kept only when sᵀy > 0 (keeps the implicit Hessian positive definite);
 * the history is reset when the search fails or the direction is not a descent direction.
 */
import * as tf from "@tensorflow/tfjs-core";
import { dot, project, projectGradient, readScalars, type Evaluation, type Objective, type Optimizer, type StepReport } from "./optimizer";

export interface LbfgsOptions {
  historySize: number;
  /** Largest pixel change of the very first (steepest-descent) trial step, in 0–255 units. */
  firstStepPixels?: number;
  /** Armijo constant. */
  c1?: number;
  maxBacktracks?: number;
}

interface Pair {
  s: tf.Tensor4D;
  y: tf.Tensor4D;
  rho: number;
}

export function createLbfgs(f: Objective, opts: LbfgsOptions): Optimizer {
  const m = opts.historySize;
  const firstStep = opts.firstStepPixels ?? 16;
  const c1 = opts.c1 ?? 1e-4;
  const maxBacktracks = opts.maxBacktracks ?? 8;
  let x: tf.Tensor4D | null = null;
  let g: tf.Tensor4D | null = null;
  let fx = Infinity;
  let lastParts: number[] = [NaN, NaN, NaN];
  let history: Pair[] = [];
  let gamma = 1;

  function clearHistory(): void {
    for (const p of history) {
      p.s.dispose();
      p.y.dispose();
    }
    history = [];
    gamma = 1;
  }

  /** d = −H·g by the two-loop recursion; all scalars stay on the device. */
  function direction(): tf.Tensor4D {
    return tf.tidy(() => {
      let q: tf.Tensor = g!;
      const alphas: tf.Scalar[] = [];
      for (let i = history.length - 1; i >= 0; i--) {
        const a = tf.mul(dot(history[i].s, q), history[i].rho) as tf.Scalar;
        alphas[i] = a;
        q = tf.sub(q, tf.mul(history[i].y, a));
      }
      let r: tf.Tensor = tf.mul(q, gamma);
      for (let i = 0; i < history.length; i++) {
        const b = tf.mul(dot(history[i].y, r), history[i].rho);
        r = tf.add(r, tf.mul(history[i].s, tf.sub(alphas[i], b)));
      }
      return tf.neg(r) as tf.Tensor4D;
    });
  }

  interface Trial {
    x: tf.Tensor4D;
    g: tf.Tensor4D;
    loss: number;
    parts: number[];
    /** gᵀ(x_new − x): the projected path's directional derivative times the step. */
    gs: number;
    sy: number;
    yy: number;
    s: tf.Tensor4D;
    y: tf.Tensor4D;
  }

  async function tryStep(d: tf.Tensor4D, t: number): Promise<Trial> {
    const xn = tf.tidy(() => project(tf.add(x!, tf.mul(d, t)) as tf.Tensor4D));
    let e: Evaluation;
    try {
      e = await f(xn);
    } catch (err) {
      xn.dispose();
      throw err;
    }
    const gn = projectGradient(xn, e.grad);
    const s = tf.sub(xn, x!) as tf.Tensor4D;
    const y = tf.sub(gn, g!) as tf.Tensor4D;
    const scalars = tf.tidy(() => [dot(g!, s), dot(s, y), dot(y, y)]);
    const [loss, c, st, tv, gs, sy, yy] = await readScalars([e.loss, e.parts, ...scalars]);
    for (const z of [e.loss, e.parts, e.grad, ...scalars]) z.dispose();
    return { x: xn, g: gn, loss, parts: [c, st, tv], gs, sy, yy, s, y };
  }

  function disposeTrial(tr: Trial): void {
    for (const z of [tr.x, tr.g, tr.s, tr.y]) z.dispose();
  }

  return {
    async start(x0) {
      clearHistory();
      x?.dispose();
      g?.dispose();
      x = project(x0);
      x0.dispose();
      const e = await f(x);
      g = projectGradient(x, e.grad);
      const [loss, ...parts] = await readScalars([e.loss, e.parts]);
      for (const z of [e.loss, e.parts, e.grad]) z.dispose();
      fx = loss;
      lastParts = parts;
      return { loss, parts, evaluations: 1 };
    },

    async step() {
      if (!x || !g) throw new Error("L-BFGS: start() first");
      let evaluations = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        const steepest = history.length === 0;
        const d = direction();
        // First step: no curvature known yet, so bound the largest pixel change instead.
        let t = 1;
        if (steepest) {
          const m = tf.tidy(() => tf.max(tf.abs(d)));
          const [maxAbs] = await readScalars([m]);
          m.dispose();
          t = maxAbs > 0 ? firstStep / maxAbs : 1;
        }
        let accepted: Trial | null = null;
        for (let k = 0; k <= maxBacktracks; k++) {
          let tr: Trial;
          try {
            tr = await tryStep(d, t);
          } catch (err) {
            d.dispose(); // an evaluation that throws (abort) leaves nothing behind
            throw err;
          }
          evaluations++;
          if (k === 0 && tr.gs >= 0 && !steepest) {
            disposeTrial(tr);
            break; // not a descent direction: curvature history is stale
          }
          if (Number.isFinite(tr.loss) && tr.loss <= fx + c1 * tr.gs) {
            accepted = tr;
            break;
          }
          // Minimiser of the quadratic through f(0), f'(0)·t and f(t), kept within [0.1t, 0.5t].
          const slope = tr.gs / t;
          const curv = tr.loss - fx - slope * t;
          const tq = curv > 0 ? (-slope * t * t) / (2 * curv) : 0.5 * t;
          t = Math.min(0.5 * t, Math.max(0.1 * t, tq));
          disposeTrial(tr);
        }
        d.dispose();
        if (accepted) {
          x.dispose();
          g.dispose();
          x = accepted.x;
          g = accepted.g;
          fx = accepted.loss;
          lastParts = accepted.parts;
          if (accepted.sy > 1e-10 * Math.max(1, accepted.yy)) {
            history.push({ s: accepted.s, y: accepted.y, rho: 1 / accepted.sy });
            gamma = accepted.sy / accepted.yy;
            if (history.length > m) {
              const old = history.shift()!;
              old.s.dispose();
              old.y.dispose();
            }
          } else {
            accepted.s.dispose();
            accepted.y.dispose();
          }
          return { loss: accepted.loss, parts: accepted.parts, evaluations };
        }
        // Failed: restart from steepest descent once; if that fails too, we are at a (local) minimum.
        const hadHistory = history.length > 0;
        clearHistory();
        if (!hadHistory) break;
      }
      return { loss: fx, parts: lastParts, evaluations, stalled: true };
    },

    current() {
      if (!x) throw new Error("L-BFGS: start() first");
      return x;
    },

    dispose() {
      clearHistory();
      x?.dispose();
      g?.dispose();
      x = g = null;
    },
  };
}

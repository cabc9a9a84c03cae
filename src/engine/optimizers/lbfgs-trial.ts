/**
 * L-BFGS on the device: the direction from the two-loop coefficients, and one trial point on the
 * projected path x(t) = P(x + t·d) with everything the search and the history update need from it
 * (the loss, its parts, the trial's and the history's products, the gradient's largest entry)
 * read back in one GPU→CPU transfer.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { LossParts } from "../types";
import { acceptProducts, D0, DT, emptyHistory, G, GN, keepsPair, ROWS, type TrialProducts } from "./history-products";
import { evaluateProjected, lossParts, PIXEL_MAX, PIXEL_MIN, project, projectGradient, readScalars, type Objective } from "./optimizer";
import { twoLoopCoefficients, type HistoryProducts } from "./two-loop";

/** Where the optimiser stands: the iterate, its projected gradient and the history's rows ([2m, n], zeros in front). */
export interface Iterate {
  x: tf.Tensor4D;
  g: tf.Tensor4D;
  rows: tf.Tensor2D;
  h: HistoryProducts;
  m: number;
}

export interface Trial extends TrialProducts {
  x: tf.Tensor4D;
  g: tf.Tensor4D;
  /** [ROWS, n], in history-products.ts's row order. */
  v: tf.Tensor2D;
  loss: number;
  parts: LossParts;
  vv: number[];
  hv: number[];
  gMaxAbs: number;
}

/** d = −H·g, from the coefficients the two-loop recursion gives. */
export function direction(at: Iterate): tf.Tensor4D {
  // With no pair held the coefficients on the rows are all zero and this is −g.
  const { onRows, onG } = twoLoopCoefficients(at.h);
  return tf.tidy(() => {
    const c = tf.tensor2d([...new Array<number>(2 * at.m - onRows.length).fill(0), ...Array.from(onRows, (v) => -v)], [1, 2 * at.m]);
    return tf.add(tf.reshape(tf.matMul(c, at.rows), at.g.shape), tf.mul(at.g, -onG)) as tf.Tensor4D;
  });
}

/** d where the path leaves x at all: zero where x sits on a bound and d points out of the box. */
export function movingAtStart(x: tf.Tensor4D, d: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const out = tf.logicalOr(tf.logicalAnd(tf.lessEqual(x, PIXEL_MIN), tf.less(d, 0)), tf.logicalAnd(tf.greaterEqual(x, PIXEL_MAX), tf.greater(d, 0)));
    return tf.where(out, tf.zerosLike(d), d) as tf.Tensor4D;
  });
}

/** The path's point at t, evaluated, with its products; the caller disposes it (disposeTrial) or accepts it. */
export async function tryStep(f: Objective, at: Iterate, d: tf.Tensor4D, d0: tf.Tensor4D, t: number): Promise<Trial> {
  const [xn, dt] = tf.tidy(() => {
    const free = tf.add(at.x, tf.mul(d, t)) as tf.Tensor4D;
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
  const v = tf.tidy(() => tf.concat([tf.sub(xn, at.x), tf.sub(gn, at.g), gn, at.g, dt, d0].map((z) => tf.reshape(z, [1, n]))) as tf.Tensor2D);
  dt.dispose();
  // Explicit transpose: wasm's transposed-operand matmul is much slower than the transpose itself.
  const products = tf.tidy(() => {
    const vt = tf.transpose(v);
    return [tf.matMul(v, vt), tf.matMul(at.rows, vt), tf.max(tf.abs(gn))];
  });
  const all = await readScalars([e.loss, e.parts, ...products]);
  for (const z of [e.loss, e.parts, e.grad, ...products]) z.dispose();
  // The padded rows' products come back too (zeros); the held pairs' are the last 2k·ROWS.
  const vvEnd = 4 + ROWS * ROWS;
  const hvLen = 2 * at.m * ROWS;
  const hv = all.slice(vvEnd + hvLen - 2 * ROWS * at.h.pairs, vvEnd + hvLen);
  return { x: xn, g: gn, v, loss: all[0], parts: lossParts(all[0], all.slice(1, 4)), vv: all.slice(4, vvEnd), hv, gMaxAbs: all[vvEnd + hvLen] };
}

export function disposeTrial(tr: Trial): void {
  for (const z of [tr.x, tr.g, tr.v]) z.dispose();
}

/** The path's slope at the trial and at its start: φ'(t) = DT·g_new, φ'(0) = D0·g. */
export const slopes = (tr: Trial) => ({ d: tr.vv[DT * ROWS + GN], d0: tr.vv[D0 * ROWS + G] });

/** The first point: projected, evaluated, its projected gradient and the gradient's largest entry (one read). */
export async function evaluateStart(
  f: Objective,
  x0: tf.Tensor4D,
): Promise<{ x: tf.Tensor4D; g: tf.Tensor4D; loss: number; parts: LossParts; gMaxAbs: number }> {
  const x = project(x0);
  x0.dispose();
  let e: Awaited<ReturnType<Objective>>;
  try {
    e = await f(x);
  } catch (err) {
    x.dispose();
    throw err;
  }
  const g = projectGradient(x, e.grad);
  const gMax = tf.tidy(() => tf.max(tf.abs(g)));
  const [loss, ...rest] = await readScalars([e.loss, e.parts, gMax]);
  for (const z of [e.loss, e.parts, e.grad, gMax]) z.dispose();
  const gMaxAbs = rest.pop()!;
  return { x, g, loss, parts: lossParts(loss, rest), gMaxAbs };
}

/** Moves `at` to the accepted trial (which it takes): new iterate, its products with the history, and maybe a new pair. */
export function acceptTrial(at: Iterate, tr: Trial): void {
  const h = acceptProducts(at.h, tr, at.m);
  if (keepsPair(tr)) {
    // Always shift by one pair: out go two zero rows while the history fills, the oldest pair once full.
    const old = at.rows;
    const n = tr.v.shape[1];
    at.rows = tf.tidy(() => tf.concat([tf.slice(old, [2, 0], [2 * at.m - 2, n]), tf.slice(tr.v, [0, 0], [2, n])]) as tf.Tensor2D);
    old.dispose();
  }
  tr.v.dispose();
  at.x.dispose();
  at.g.dispose();
  Object.assign(at, { x: tr.x, g: tr.g, h });
}

/** Empties the history: all-zero rows, no products. */
export function clearHistory(at: Iterate): void {
  at.rows.dispose();
  at.rows = tf.zeros([2 * at.m, at.x.size]);
  at.h = emptyHistory();
}

/**
 * One interface for Adam and L-BFGS. Both work on the image in pixel units (RGB 0–255) and keep
 * it inside the box by projection: the iterate is clamped before every evaluation and the
 * gradient of a pixel held at a bound is zeroed where it would push outwards (see DESIGN.md:
 * clamping inside the loss corrupts L-BFGS's curvature pairs).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { LossParts } from "../types";

export const PIXEL_MIN = 0;
export const PIXEL_MAX = 255;

/**
 * The order of the loss's terms in an Evaluation's `parts` tensor: one stacked tensor, so that
 * the loss and its terms come back in one device read. `lossParts` names them again on the CPU.
 */
export const LOSS_TERMS = ["content", "style", "tv"] as const;
export type LossTerm = (typeof LOSS_TERMS)[number];

/** The named loss from its total and the values of a `parts` tensor (in LOSS_TERMS order). */
export function lossParts(total: number, terms: ArrayLike<number>): LossParts {
  return { total, content: terms[0], style: terms[1], tv: terms[2] };
}

/** f(x) and ∇f(x) at a point; `parts` = the weighted terms in LOSS_TERMS order. Caller disposes. */
export interface Evaluation {
  loss: tf.Scalar;
  parts: tf.Tensor1D;
  grad: tf.Tensor4D;
}

/** Async: a long evaluation hands the event loop turns (and may throw, e.g. on abort). */
export type Objective = (x: tf.Tensor4D) => Promise<Evaluation>;

export interface StepReport {
  loss: number;
  /** The loss by term, weighted as they enter it (`parts.total` = `loss`). */
  parts: LossParts;
  /** Objective evaluations this step spent. */
  evaluations: number;
  /** No step lowered the loss: the iterate is unchanged (a local minimum at this scale). */
  stalled?: boolean;
}

export interface Optimizer {
  /** Takes ownership of x0 and evaluates it. */
  start(x0: tf.Tensor4D): Promise<StepReport>;
  /** One iteration; the iterate after it is `current()`. */
  step(): Promise<StepReport>;
  /** The iterate (owned by the optimizer; clone it to keep it). */
  current(): tf.Tensor4D;
  dispose(): void;
}

/**
 * f at a point and its projected gradient (see projectGradient). Takes `x` only on success: when
 * f throws (an abort), x is disposed and the error passes on, so nothing is left behind.
 */
export async function evaluateProjected(f: Objective, x: tf.Tensor4D): Promise<{ e: Evaluation; g: tf.Tensor4D }> {
  let e: Evaluation;
  try {
    e = await f(x);
  } catch (err) {
    x.dispose();
    throw err;
  }
  return { e, g: projectGradient(x, e.grad) };
}

export function project(x: tf.Tensor4D): tf.Tensor4D {
  return tf.clipByValue(x, PIXEL_MIN, PIXEL_MAX);
}

/** Zeroes gradient entries that would push a pixel at a bound further out. */
export function projectGradient(x: tf.Tensor4D, g: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const atLow = tf.logicalAnd(tf.lessEqual(x, PIXEL_MIN), tf.greater(g, 0));
    const atHigh = tf.logicalAnd(tf.greaterEqual(x, PIXEL_MAX), tf.less(g, 0));
    return tf.where(tf.logicalOr(atLow, atHigh), tf.zerosLike(g), g) as tf.Tensor4D;
  });
}

/** Reads several scalars with one GPU→CPU transfer. */
export async function readScalars(xs: tf.Tensor[]): Promise<number[]> {
  const packed = tf.tidy(() => tf.concat(xs.map((x) => tf.reshape(x, [-1]))));
  const v = await packed.data();
  packed.dispose();
  return Array.from(v);
}

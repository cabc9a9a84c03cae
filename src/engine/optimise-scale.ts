/**
 * One scale's optimisation: start the optimiser from x0, step until the iteration cap, a stall or
 * the stop rule, and keep the best iterate (Adam's loss is not monotone). A turn of the event loop
 * before every step lets Ctrl-C, a timer's abort() and a page's input through. The iterate is a
 * tensor, or a host Float32Array at scales whose state lives on the host (optimizers/host-adam.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { converged, type StopRule } from "./convergence";
import { checkFiniteLoss, throwIfAborted } from "./errors";
import type { StepReport } from "./optimizers/optimizer";
import type { LossParts } from "./types";
import { yieldToLoop } from "./yield";

/** What the loop needs of an optimiser (optimizer.ts Optimizer, host-adam.ts HostOptimizer). */
export interface Stepper<X> {
  start(x0: X): Promise<StepReport>;
  step(): Promise<StepReport>;
  current(): X;
}

/** How an iterate is kept past the next step, and let go. */
export interface Keeper<X> {
  copy(x: X): X;
  free(x: X): void;
}

export const KEEP_TENSOR: Keeper<tf.Tensor4D> = { copy: (x) => x.clone(), free: (x) => x.dispose() };
export const KEEP_HOST: Keeper<Float32Array> = { copy: (x) => x.slice(), free: () => undefined };

export interface ScaleStep<X = tf.Tensor4D> {
  /** 0-based iteration within this scale. */
  it: number;
  report: StepReport;
  /** Wall time of the step. */
  ms: number;
  /** This scale's best loss so far: the start's, then one per iteration. */
  losses: readonly number[];
  /** The scale ends after this step (stalled or converged). */
  done: boolean;
  /** The optimiser's iterate after the step (the optimiser's own: clone it to keep it). */
  current: X;
}

export interface ScaleHooks<X = tf.Tensor4D> {
  signal?: AbortSignal;
  /** The start point's evaluation. */
  onStart?: (r: StepReport) => void;
  /** Right after each step, before anything else is made (the peak-memory probe). */
  afterStep?: () => void;
  /** After each step, once the best iterate is updated. */
  onStep?: (s: ScaleStep<X>) => Promise<void> | void;
}

export interface ScaleOutcome<X = tf.Tensor4D> {
  /** The best iterate, the caller's to dispose. */
  best: X;
  start: LossParts;
  end: LossParts;
}

/** Takes x0 (the optimiser owns it from here); the optimiser stays the caller's to dispose. */
export async function optimiseScale<X = tf.Tensor4D>(
  opt: Stepper<X>,
  x0: X,
  limits: { iterations: number; rule: StopRule },
  hooks: ScaleHooks<X>,
  keep: Keeper<X>,
): Promise<ScaleOutcome<X>> {
  let r = await opt.start(x0);
  checkFiniteLoss(r.loss);
  hooks.onStart?.(r);
  const start = r.parts;
  let best = r.parts;
  let bestX: X | null = keep.copy(opt.current());
  try {
    const losses = [r.loss];
    for (let it = 0; it < limits.iterations; it++) {
      await yieldToLoop();
      throwIfAborted(hooks.signal);
      const ts = performance.now();
      r = await opt.step();
      checkFiniteLoss(r.loss);
      const ms = performance.now() - ts;
      hooks.afterStep?.();
      if (r.loss < best.total) {
        keep.free(bestX);
        best = r.parts;
        bestX = keep.copy(opt.current());
      }
      losses.push(best.total);
      const done = !!r.stalled || converged(losses, limits.rule);
      await hooks.onStep?.({ it, report: r, ms, losses, done, current: opt.current() });
      if (done) break;
    }
    const kept = bestX;
    bestX = null;
    return { best: kept, start, end: best };
  } finally {
    if (bestX !== null) keep.free(bestX); // only when the scale was interrupted
  }
}

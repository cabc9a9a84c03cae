/**
 * One scale's optimisation: start the optimiser from x0, step until the iteration cap, a stall or
 * the stop rule, and keep the best iterate (Adam's loss is not monotone). A turn of the event loop
 * before every step lets Ctrl-C, a timer's abort() and a page's input through.
 */
import * as tf from "@tensorflow/tfjs-core";
import { converged, type StopRule } from "./convergence";
import { checkFiniteLoss, throwIfAborted } from "./errors";
import type { Optimizer, StepReport } from "./optimizers/optimizer";
import type { LossParts } from "./types";
import { yieldToLoop } from "./yield";

export interface ScaleStep {
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
  current: tf.Tensor4D;
}

export interface ScaleHooks {
  signal?: AbortSignal;
  /** The start point's evaluation. */
  onStart?: (r: StepReport) => void;
  /** Right after each step, before anything else is made (the peak-memory probe). */
  afterStep?: () => void;
  /** After each step, once the best iterate is updated. */
  onStep?: (s: ScaleStep) => Promise<void> | void;
}

export interface ScaleOutcome {
  /** The best iterate, the caller's to dispose. */
  best: tf.Tensor4D;
  start: LossParts;
  end: LossParts;
}

/** Takes x0 (the optimiser owns it from here); the optimiser stays the caller's to dispose. */
export async function optimiseScale(
  opt: Optimizer,
  x0: tf.Tensor4D,
  limits: { iterations: number; rule: StopRule },
  hooks: ScaleHooks = {},
): Promise<ScaleOutcome> {
  let r = await opt.start(x0);
  checkFiniteLoss(r.loss);
  hooks.onStart?.(r);
  const start = r.parts;
  let best = r.parts;
  let bestX: tf.Tensor4D | null = opt.current().clone();
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
        bestX.dispose();
        best = r.parts;
        bestX = opt.current().clone();
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
    bestX?.dispose(); // only when the scale was interrupted
  }
}

/**
 * The time left of a running content, from its own pace. The cost model (estimate.ts) says what each
 * evaluation should cost at each scale on this device; the run's measured ms per evaluation over that
 * expected cost is its pace (1: as foreseen; 2: twice as slow), smoothed over the last few iterations
 * (an EWMA: a change of pace shows within a few iterations, never the mean since the start). The time
 * left is the work left (this scale's iterations, the later scales' iterations and setups) at that
 * pace. A pace well above the probe's, or above this scale's own earlier best, says so ("slower"):
 * the computer is busy. The iterations left are priced at the model's evaluations per iteration
 * (L-BFGS's extra line-search step comes early, at its second iteration: a smoothed count would
 * carry it into the rest). Pure: each progress report gives a new state.
 */
import type { Progress } from "../../engine/types";
import { EVALUATIONS_PER_ITERATION, FORWARD_SHARE, cropsEvaluationMs, evaluationMs, setupEvaluations, type DeviceRate, type ScaleShape } from "./estimate";

/** The weight of the latest iteration in the pace: about the last four count. */
export const PACE_ALPHA = 0.35;
/** A pace this much above the reference says the computer is busy; below RELAXED, it says so no more. */
export const SLOWER = 1.5;
const RELAXED = 1.3;
/** Timed iterations at a scale before its own pace becomes a reference. */
const SETTLE = 3;

export type EtaSample = Pick<Progress, "iteration" | "totalIterations" | "evaluations" | "elapsedMs" | "scaleIndex" | "width" | "height" | "tileCount">;

/** What the ETA knows of the run: the rate it was estimated with, whether that was measured, and the content's planned scales. */
export interface EtaPlan {
  rate: DeviceRate;
  /** The preset's cost per evaluation over the lite network's. */
  cost: number;
  /** The rate was measured on this device (the probe, or a run), not a class's guess: its pace is a reference. */
  measured: boolean;
  scales: readonly ScaleShape[];
  /** The styles, whose targets each later scale computes first. */
  styleCount: number;
}

export interface EtaState {
  last: EtaSample | null;
  /** The scale under way, and the iteration its first report came with (that one paid the scale's setup). */
  scaleIndex: number;
  /** Smoothed pace (ms measured / ms expected), NaN before the first timed iteration. */
  pace: number;
  /** Timed iterations at this scale, and the best smoothed pace among them once settled. */
  steps: number;
  best: number;
  slower: boolean;
}

export const ETA_START: EtaState = {
  last: null,
  scaleIndex: -1,
  pace: Number.NaN,
  steps: 0,
  best: Number.POSITIVE_INFINITY,
  slower: false,
};

/** ms an evaluation of this report's scale should take: the plan's crops when its scale matches, else its whole size. */
function expectedEvaluationMs(plan: EtaPlan, s: Pick<EtaSample, "scaleIndex" | "width" | "height" | "tileCount">): number {
  const shape = plan.scales[s.scaleIndex];
  const one = (px: number) => evaluationMs(plan.rate, "lite", px) * plan.cost;
  if (shape && shape.width === s.width && shape.height === s.height) return cropsEvaluationMs(one, shape.crops);
  // Unplanned: the tiles taken as equal shares of the picture, halos left out.
  return one(s.width * s.height) * (1 + (FORWARD_SHARE * (s.tileCount - 1)) / Math.max(1, s.tileCount));
}

/** The next state after a progress report. */
export function etaStep(state: EtaState, s: EtaSample, plan: EtaPlan): EtaState {
  const prev = state.last;
  if (!prev || s.scaleIndex !== state.scaleIndex) {
    // A new scale: its first report paid its setup, not timed; its own best starts again.
    return { ...state, last: s, scaleIndex: s.scaleIndex, steps: 0, best: Number.POSITIVE_INFINITY };
  }
  const iterations = s.iteration - prev.iteration;
  const evaluations = s.evaluations - prev.evaluations;
  const ms = s.elapsedMs - prev.elapsedMs;
  // A tile's report repeats its iteration: nothing to time yet.
  if (iterations <= 0 || evaluations <= 0 || !(ms >= 0)) return state;
  const sample = ms / (evaluations * expectedEvaluationMs(plan, s));
  const pace = Number.isFinite(state.pace) ? state.pace + PACE_ALPHA * (sample - state.pace) : sample;
  const steps = state.steps + 1;
  // Compared with the probe's pace (1) when the rate was measured, and with this scale's own best once settled.
  const reference = Math.min(plan.measured ? 1 : Number.POSITIVE_INFINITY, state.best);
  const slower = Number.isFinite(reference) && pace > (state.slower ? RELAXED : SLOWER) * reference;
  const best = steps >= SETTLE ? Math.min(state.best, pace) : state.best;
  return { last: s, scaleIndex: s.scaleIndex, pace, steps, best, slower };
}

/**
 * ms left of the content: this scale's iterations left (as many of the run's remaining ones as its
 * cap allows), then the later scales' (the rest, shared by their caps), each with its setup and its
 * targets, all at the current pace. NaN before any report.
 */
export function etaMs(state: EtaState, plan: EtaPlan): number {
  const s = state.last;
  if (!s) return Number.NaN;
  const pace = Number.isFinite(state.pace) ? state.pace : 1;
  const left = Math.max(0, s.totalIterations - s.iteration);
  const later = plan.scales.slice(s.scaleIndex + 1);
  const laterCaps = later.reduce((a, l) => a + l.iterations, 0);
  const here = later.length ? Math.max(0, left - Math.min(left, laterCaps)) : left;
  let ms = here * EVALUATIONS_PER_ITERATION * expectedEvaluationMs(plan, s);
  for (const [i, l] of later.entries()) {
    const iterations = laterCaps > 0 ? ((left - here) * l.iterations) / laterCaps : 0;
    const each = expectedEvaluationMs(plan, { scaleIndex: s.scaleIndex + 1 + i, width: l.width, height: l.height, tileCount: l.crops.length });
    const sizes = new Set(l.crops.map(([w, h]) => `${w}x${h}`)).size;
    ms += sizes * plan.rate.setupMs * plan.cost + (iterations * EVALUATIONS_PER_ITERATION + setupEvaluations(plan.styleCount)) * each;
  }
  return ms * pace;
}

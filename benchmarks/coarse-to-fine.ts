/**
 * Coarse-to-fine against the one-scale default at the same final size: each variant's loss at the
 * final size against full-size-equivalent evaluations (an evaluation at scale s counts (s/size)²),
 * and the evaluations each needs to reach the one-scale run's final loss. Pure summary apart from
 * the runs themselves (traceMethod, the real engine).
 */
import type { RgbaImage } from "../src/engine/types";
import type { VggWeights } from "../src/engine/vgg-weights";
import { timeToLoss, traceMethod, type MethodTrace, type TracePoint } from "./convergence";

export interface CoarseToFineVariant {
  name: string;
  /** The `scales` option at the working size (the final size): [1] is the default's one scale. */
  scales: number[];
}

export const C2F_VARIANTS: readonly CoarseToFineVariant[] = [
  { name: "one scale (the default)", scales: [1] },
  { name: "coarse-to-fine ½ → 1", scales: [0.5, 1] },
];

export interface CoarseToFineRow {
  name: string;
  scales: number[];
  finalLoss: number;
  equivalentEvals: number;
  seconds: number;
  /** Loss at the first iteration of the final scale (what the upsampled start kept). */
  firstFineLoss: number | null;
  /** Full-size-equivalent evaluations (and seconds) to the one-scale run's final loss; null: never reached. */
  toTarget: { evals: number; seconds: number } | null;
}

export interface CoarseToFineReport {
  size: number;
  /** The one-scale default's final loss: what each variant is asked to reach. */
  target: number;
  rows: CoarseToFineRow[];
  traces: MethodTrace[];
}

/** Summary of traces whose first is the one-scale default. Pure. */
export function summariseCoarseToFine(size: number, variants: readonly CoarseToFineVariant[], traces: readonly MethodTrace[]): CoarseToFineReport {
  const target = traces[0].finalLoss;
  const rows = traces.map((t, i) => {
    const hit = timeToLoss(t.points, target);
    return {
      name: variants[i].name,
      scales: variants[i].scales,
      finalLoss: t.finalLoss,
      equivalentEvals: t.equivalentEvals,
      seconds: t.seconds,
      firstFineLoss: t.points[0]?.loss ?? null,
      toTarget: hit ? { evals: hit.evals, seconds: hit.seconds } : null,
    };
  });
  return { size, target, rows, traces: [...traces] };
}

/** Runs one variant to its stop rule (or `budgetEvals` full-size-equivalent evaluations). */
export function traceVariant(
  weights: VggWeights,
  images: { content: RgbaImage; style: RgbaImage },
  size: number,
  v: CoarseToFineVariant,
  budgetEvals: number,
  log: (s: string) => void,
  onPoint?: (p: TracePoint & { width: number; scaleIndex: number }) => void,
): Promise<MethodTrace> {
  return traceMethod(
    weights,
    images.content,
    images.style,
    v.name,
    { preset: "lite", workingSize: size, scales: v.scales },
    budgetEvals,
    log,
    -Infinity,
    onPoint,
  );
}

/**
 * Loss against gradient evaluations and against time for one run of the real engine (stylize) on
 * the active backend, counted in full-resolution-equivalent evaluations (an evaluation at half size
 * counts ¼). A run is cut at its budget through the abort signal; only losses at the final size
 * are comparable, so only those are traced.
 */
import { fitLongSide } from "../src/engine/scale-sizes";
import { isRestyleError } from "../src/engine/errors";
import type { Progress, RgbaImage, StylizeOptions } from "../src/engine/types";
import { stylize } from "../src/engine/stylize";
import type { VggWeights } from "../src/engine/vgg-weights";

export interface TracePoint {
  /** Full-resolution-equivalent evaluations so far. */
  evals: number;
  seconds: number;
  loss: number;
}

export interface MethodTrace {
  method: string;
  points: TracePoint[];
  finalLoss: number;
  equivalentEvals: number;
  seconds: number;
}

/** Runs stylize with `options` (named `method`), tracing the loss at the final size against evaluations and seconds. */
export async function traceMethod(
  weights: VggWeights,
  content: RgbaImage,
  style: RgbaImage,
  method: string,
  base: Partial<StylizeOptions> & { workingSize: number },
  budgetEvals: number,
  log: (s: string) => void,
  /** Stop as soon as the loss at the final size is at or below this (time to quality). */
  stopAtLoss = -Infinity,
  /** Every iteration's point, at every scale (e.g. to stream a long run's trace). */
  onPoint?: (p: TracePoint & { width: number; scaleIndex: number }) => void,
): Promise<MethodTrace> {
  const [fw, fh] = fitLongSide(content.width, content.height, base.workingSize);
  const full = fw * fh;
  const points: TracePoint[] = [];
  const controller = new AbortController();
  let equiv = 0;
  let lastEvals = 0;
  let lastSeconds = 0;
  const onProgress = (p: Progress) => {
    equiv += ((p.evaluations - lastEvals) * p.width * p.height) / full;
    lastEvals = p.evaluations;
    lastSeconds = p.elapsedMs / 1000;
    onPoint?.({ evals: +equiv.toFixed(3), seconds: +lastSeconds.toFixed(2), loss: p.loss.total, width: p.width, scaleIndex: p.scaleIndex });
    if (p.width === fw && p.height === fh) points.push({ evals: +equiv.toFixed(3), seconds: +lastSeconds.toFixed(2), loss: p.loss.total });
    if (equiv >= budgetEvals || (p.width === fw && p.height === fh && p.loss.total <= stopAtLoss)) controller.abort();
  };
  const options = { ...base, size: base.workingSize, previewEvery: 0 };
  try {
    await stylize(weights, { content, styles: [{ image: style }] }, options, { onProgress, signal: controller.signal });
  } catch (e) {
    if (!(isRestyleError(e) && e.code === "cancelled")) throw e;
  }
  const finalLoss = points.length ? Math.min(...points.map((p) => p.loss)) : NaN;
  log(`${method}: loss ${finalLoss.toPrecision(4)} after ${equiv.toFixed(1)} equivalent evaluations, ${lastSeconds.toFixed(1)} s`);
  return { method, points, finalLoss, equivalentEvals: +equiv.toFixed(2), seconds: lastSeconds };
}

/** First point where the trace reaches `target` (or null): how many evaluations / seconds it took. */
export function timeToLoss(points: readonly TracePoint[], target: number): TracePoint | null {
  return points.find((p) => p.loss <= target) ?? null;
}

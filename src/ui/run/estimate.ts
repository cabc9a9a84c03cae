/**
 * How long a run will take on this device, said before it starts. A short probe times the real
 * objective on the engine's backend at two small sizes (probeInput, probeOptions, probePoint), which
 * gives this device's cost of one evaluation as a fixed part plus a part per pixel (fitRate); a pure
 * cost model (estimateRunMs) then sums that cost over every tile of every scale of every content.
 *
 * The panel has no tfjs (its bundle must not carry it), so the scales and their tiles are worked
 * out with the engine's own rule (scale-plan.ts and tiles.ts, which have no tfjs).
 */
import { convStrategyFor } from "../../engine/conv-strategy";
import { BOUNDS, DEFAULT_OPTIONS } from "../../engine/defaults";
import type { LayerName } from "../../engine/layers";
import { presetTaps, scalePlan, type PlannedScale } from "../../engine/scale-plan";
import { fitLongSide } from "../../engine/scale-sizes";
import { tileGrid } from "../../engine/tiles";
import type { PresetName, Progress, RgbaImage, StylizeOptions } from "../../engine/types";
import type { LayerInfo } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import { exportSides } from "./plan";

/**
 * The probe: one run at PROBE_SIDE px a side, at half and at full size (two sizes, so the fixed
 * cost can be told from the per-pixel one; one run, so the weights' setup is paid once), a few
 * iterations at each: the first pays for the backend's warm-up (shader compiles) and is not timed.
 */
export const PROBE_SIDE = 64;
export const PROBE_SCALES = [0.5, 1] as const;
export const PROBE_ITERATIONS = 2;

/**
 * Cost of one evaluation per pixel relative to the lite network: the full network's FLOPs per
 * pixel over the lite one's (benchmarks/flops.ts), which its measured time per iteration follows.
 * The probe always runs the lite network, whose weights are in the panel (no download to probe).
 */
export const PRESET_COST: Readonly<Record<PresetName, number>> = { lite: 1, full: 2.4 };

/** L-BFGS evaluations per iteration: mostly one, a line search's second now and then (measured by the default-run bench). */
export const EVALUATIONS_PER_ITERATION = 1.05;

/**
 * What one scale spends besides its iterations, in evaluations: the start point's evaluation, and
 * the targets (a forward pass per style and one for the content, each about a third of an evaluation).
 */
export function setupEvaluations(styleCount: number): number {
  return 1 + (1 + Math.max(1, styleCount)) / 3;
}

/**
 * Iterations a scale is expected to run: the cap, or fewer when the convergence stop is on and
 * the cap is above what a scale typically takes to converge at the default rule.
 */
export const TYPICAL_STOP_ITERATIONS = 150;
export function expectedIterations(cap: number, stopTolerance: number): number {
  return stopTolerance > 0 ? Math.min(cap, TYPICAL_STOP_ITERATIONS) : cap;
}

/** This device's cost of one evaluation of the lite objective: fixed + per pixel, in ms. */
export interface DeviceRate {
  fixedMs: number;
  msPerPixel: number;
  /** The tfjs backend measured (the estimate holds for it only). */
  backend: string;
}

/** One probe's measurement. */
export interface ProbePoint {
  pixels: number;
  msPerEvaluation: number;
}

/** ms of one evaluation at `pixels` for `preset` on this device. */
export function evaluationMs(rate: DeviceRate, preset: PresetName, pixels: number): number {
  return (rate.fixedMs + rate.msPerPixel * pixels) * PRESET_COST[preset];
}

/**
 * A tiled evaluation runs each tile's forward twice: once to sum the whole picture's Gram (pass 1)
 * and again beside its backward (pass 2). A forward is about a third of an evaluation.
 */
export const TILED_EVALUATION_COST = 1 + 1 / 3;

/** One scale as the estimate prices it: its size, its iteration cap, and the crop each tile runs on (one crop, the whole scale, when untiled). */
export interface ScaleShape {
  width: number;
  height: number;
  iterations: number;
  crops: ReadonlyArray<readonly [number, number]>;
}

export interface RunShape {
  preset: PresetName;
  stopTolerance: number;
  styleCount: number;
  /** Each content's scales, coarse to fine (a batch has several contents). */
  contents: ReadonlyArray<ReadonlyArray<ScaleShape>>;
}

/** ms of one evaluation of a scale: its one crop, or every tile's crop at the tiled cost. */
function scaleEvaluationMs(rate: DeviceRate, preset: PresetName, crops: ScaleShape["crops"]): number {
  const ms = crops.reduce((a, [w, h]) => a + evaluationMs(rate, preset, w * h), 0);
  return crops.length > 1 ? ms * TILED_EVALUATION_COST : ms;
}

/** The run's expected time in ms: per scale, its evaluations at its tiles' pixels, summed over the scales of every content. */
export function estimateRunMs(rate: DeviceRate, run: RunShape): number {
  let ms = 0;
  for (const scales of run.contents) {
    for (const s of scales) {
      const evaluations = setupEvaluations(run.styleCount) + expectedIterations(s.iterations, run.stopTolerance) * EVALUATIONS_PER_ITERATION;
      ms += evaluations * scaleEvaluationMs(rate, run.preset, s.crops);
    }
  }
  return ms;
}

/** A planned scale's shape: the crops of its tiles (tiles.ts), or the whole scale. */
export function scaleShape(s: PlannedScale, taps: readonly LayerName[]): ScaleShape {
  const crops = s.tiles > 1 ? tileGrid(s.width, s.height, s.cols, s.rows, taps).map((t) => [t.cropW, t.cropH] as const) : [[s.width, s.height] as const];
  return { width: s.width, height: s.height, iterations: s.iterations, crops };
}

/**
 * The run the panel would start with these settings for these contents (what runJob and the
 * engine decide: scale-plan.ts), priced with `backend`'s conv paths and the default memory budget.
 */
export function panelRunShape(settings: PanelSettings, contents: readonly LayerInfo[], styleCount: number, pixelRatio = 1, backend = "webgl"): RunShape {
  const { taps, contentLayer } = presetTaps(settings.preset);
  const iterations = Math.min(BOUNDS.iterations[1], Math.max(1, Math.round(settings.iterations)));
  return {
    preset: settings.preset,
    stopTolerance: DEFAULT_OPTIONS.stopTolerance,
    styleCount,
    contents: contents.map((c) => {
      const sides = exportSides(settings, c, pixelRatio);
      const [w, h] = fitLongSide(Math.max(1, c.width), Math.max(1, c.height), sides.content);
      const plan = scalePlan({
        contentWidth: w,
        contentHeight: h,
        size: sides.content,
        workingSize: sides.workingSize,
        taps,
        contentLayer,
        iterations,
        historySize: DEFAULT_OPTIONS.historySize,
        memoryBudgetMB: DEFAULT_OPTIONS.memoryBudgetMB!,
        conv: convStrategyFor(backend),
      });
      return plan.map((s) => scaleShape(s, taps));
    }),
  };
}

/** The estimate before Run, in ms: NaN until this device's rate is known. */
export function panelEstimateMs(rate: DeviceRate | null, settings: PanelSettings, contents: readonly LayerInfo[], styleCount: number, pixelRatio = 1): number {
  if (!rate || contents.length === 0) return Number.NaN;
  return estimateRunMs(rate, panelRunShape(settings, contents, styleCount, pixelRatio, rate.backend));
}

/**
 * The device's rate from two probe points: the line through them, its fixed part never negative
 * (noise can tilt the line; then all of the cost is taken as per pixel).
 */
export function fitRate(a: ProbePoint, b: ProbePoint, backend: string): DeviceRate {
  const [lo, hi] = a.pixels <= b.pixels ? [a, b] : [b, a];
  const slope = hi.pixels > lo.pixels ? (hi.msPerEvaluation - lo.msPerEvaluation) / (hi.pixels - lo.pixels) : 0;
  const fixed = lo.msPerEvaluation - slope * lo.pixels;
  if (!(slope > 0) || !(fixed >= 0)) {
    // A flat or inverted line: the larger point's cost, all of it per pixel (never an underestimate at larger sizes).
    const perPixel = hi.msPerEvaluation / hi.pixels;
    return { fixedMs: slope > 0 ? 0 : Math.max(0, lo.msPerEvaluation - perPixel * lo.pixels), msPerPixel: perPixel, backend };
  }
  return { fixedMs: fixed, msPerPixel: slope, backend };
}

/** A probe run's cost per evaluation from its progress reports: from the end of its first iteration to its last (the warm-up left out). */
export function probePoint(seen: readonly Pick<Progress, "elapsedMs" | "evaluations" | "width" | "height">[]): ProbePoint | null {
  if (seen.length < 2) return null;
  const first = seen[0];
  const last = seen[seen.length - 1];
  const evals = last.evaluations - first.evaluations;
  const ms = last.elapsedMs - first.elapsedMs;
  if (!(evals > 0) || !(ms > 0)) return null;
  return { pixels: last.width * last.height, msPerEvaluation: ms / evals };
}

/** Opaque, textured pixels for the probe (a flat image could make the optimiser stop at once). */
export function probeImage(side: number, phase: number): RgbaImage {
  const data = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = (y * side + x) * 4;
      data[i] = (x * 255) / side;
      data[i + 1] = (y * 255) / side;
      data[i + 2] = ((x + y * phase) * 37) % 256;
      data[i + 3] = 255;
    }
  }
  return { width: side, height: side, data };
}

/** The probe run: the lite network, PROBE_SCALES of `side`, a fixed number of iterations, no early stop, no previews. */
export function probeOptions(side: number = PROBE_SIDE): Partial<StylizeOptions> {
  return { preset: "lite", size: side, workingSize: side, scales: [...PROBE_SCALES], iterations: PROBE_ITERATIONS, stopTolerance: 0, previewEvery: 0 };
}

/** The probe run's two points, one per scale, from its progress reports; null when a scale reported too little. */
export function probePoints(seen: readonly Pick<Progress, "scaleIndex" | "elapsedMs" | "evaluations" | "width" | "height">[]): [ProbePoint, ProbePoint] | null {
  const a = probePoint(seen.filter((p) => p.scaleIndex === 0));
  const b = probePoint(seen.filter((p) => p.scaleIndex === 1));
  return a && b ? [a, b] : null;
}

/** "About 40 s on this device" / "About 2 min on this device"; empty while unknown. */
export function formatEstimate(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "";
  const s = ms / 1000;
  if (s < 10) return "A few seconds on this device";
  if (s < 60) return `About ${Math.round(s / 5) * 5} s on this device`;
  const min = s / 60;
  if (min < 90) return `About ${Math.round(min)} min on this device`;
  return `About ${Math.round(min / 60)} h on this device`;
}

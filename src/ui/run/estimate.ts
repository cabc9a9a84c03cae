/**
 * How long a run will take on this device, said before it starts. At once, a range from the
 * device's class (device-class.ts); then a short probe times the real objective on the engine's
 * backend at one small size (estimate-probe.ts), which gives this device's cost of one evaluation
 * (a fixed part plus a part per pixel) and of setting up a new size (the backend compiling its
 * kernels); a pure cost model (estimateRunMs) then sums those costs over every tile of every scale
 * of every content.
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
import type { PresetName } from "../../engine/types";
import type { LayerInfo } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import { exportSides } from "./plan";

/**
 * The probe: one scale of PROBE_SIDE px a side, a few iterations: the first pays for the backend's
 * setup of the size (kernel compiles), which is measured as such; the others time an evaluation,
 * which the FLOP model carries to other sizes (one size only: each new size costs a setup, the
 * longest part of a probe on a software renderer).
 */
export const PROBE_SIDE = 32;
export const PROBE_ITERATIONS = 4;

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

/** This device's cost of one evaluation of the lite objective (fixed + per pixel) and of setting up a new size, in ms. */
export interface DeviceRate {
  fixedMs: number;
  msPerPixel: number;
  setupMs: number;
  /** The tfjs backend measured (the estimate holds for it only). */
  backend: string;
}

/** ms of one evaluation at `pixels` for `preset` on this device. */
export function evaluationMs(rate: DeviceRate, preset: PresetName, pixels: number): number {
  return (rate.fixedMs + rate.msPerPixel * pixels) * PRESET_COST[preset];
}

/** A forward pass's share of an evaluation (a forward and a backward). */
export const FORWARD_SHARE = 1 / 3;

/**
 * ms of one evaluation over its crops (one crop: untiled): each tile's forward and backward
 * (pass 2), and before them a forward of every tile but the last (pass 1, summing the whole
 * picture's Gram; the last tile's share comes from its own pass 2).
 */
export function cropsEvaluationMs(msAt: (pixels: number) => number, crops: ScaleShape["crops"]): number {
  const each = crops.map(([w, h]) => msAt(w * h));
  const all = each.reduce((a, b) => a + b, 0);
  return all + FORWARD_SHARE * (all - each[each.length - 1]);
}

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
const scaleEvaluationMs = (rate: DeviceRate, preset: PresetName, crops: ScaleShape["crops"]): number =>
  cropsEvaluationMs((px) => evaluationMs(rate, preset, px), crops);

/**
 * The run's expected time in ms: per scale, the setup of each new size it runs at (its tiles'
 * crops; the first content's sizes are met again by the next ones of a batch only by chance, so
 * each content pays its own) and its evaluations at its tiles' pixels, summed over every content.
 */
export function estimateRunMs(rate: DeviceRate, run: RunShape): number {
  let ms = 0;
  for (const scales of run.contents) {
    for (const s of scales) {
      const evaluations = setupEvaluations(run.styleCount) + expectedIterations(s.iterations, run.stopTolerance) * EVALUATIONS_PER_ITERATION;
      const sizes = new Set(s.crops.map(([w, h]) => `${w}x${h}`)).size;
      ms += sizes * rate.setupMs * PRESET_COST[run.preset] + evaluations * scaleEvaluationMs(rate, run.preset, s.crops);
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
        hostState: true,
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

/** Where the estimate's figures come from: the device's class (a range), the probe, or a finished run. */
export type EstimateSource = "class" | "probe" | "run";

/** The estimate before Run: a range while only the device's class is known, one figure (low = high) once measured. */
export interface PanelEstimate {
  lowMs: number;
  highMs: number;
  source: EstimateSource;
}

/** What the estimate is made from: the device class's fast and slow ends, and the rate measured since. */
export interface EstimateBasis {
  range: readonly [DeviceRate, DeviceRate] | null;
  measured: { rate: DeviceRate; source: Exclude<EstimateSource, "class"> } | null;
}

/**
 * The estimate before Run: from the measured rate when there is one, else the range of the device's
 * class (its fast and slow ends, device-class.ts); null while neither is known or nothing is chosen.
 */
export function panelEstimate(
  { measured, range }: EstimateBasis,
  settings: PanelSettings,
  contents: readonly LayerInfo[],
  styleCount: number,
  pixelRatio = 1,
): PanelEstimate | null {
  if (contents.length === 0) return null;
  if (measured) {
    const ms = panelEstimateMs(measured.rate, settings, contents, styleCount, pixelRatio);
    return { lowMs: ms, highMs: ms, source: measured.source };
  }
  if (!range) return null;
  const [lowMs, highMs] = range.map((r) => panelEstimateMs(r, settings, contents, styleCount, pixelRatio));
  return { lowMs, highMs, source: "class" };
}

const unitOf = (s: number) => (s < 60 ? "s" : s < 90 * 60 ? "min" : "h");

/** A duration in its unit: seconds to the nearest 5, minutes, hours. */
function inUnit(ms: number): string {
  const s = ms / 1000;
  const u = unitOf(s);
  const n = u === "s" ? Math.max(5, Math.round(s / 5) * 5) : Math.max(1, Math.round(u === "min" ? s / 60 : s / 3600));
  return `${n} ${u}`;
}

/** "About 40 s on this device", "About 2–6 min on this device", "About 30 s to 2 min on this device"; empty while unknown. */
export function formatEstimate(e: PanelEstimate | null): string {
  if (!e || !Number.isFinite(e.highMs) || e.highMs <= 0) return "";
  if (e.highMs < 10_000) return "A few seconds on this device";
  const [lo, hi] = [inUnit(Math.max(0, e.lowMs)), inUnit(e.highMs)];
  if (lo === hi) return `About ${hi} on this device`;
  const [loN, loU] = lo.split(" ");
  return loU === unitOf(e.highMs / 1000) ? `About ${loN}–${hi} on this device` : `About ${lo} to ${hi} on this device`;
}

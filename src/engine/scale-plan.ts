/**
 * A run's scales, decided as plain arithmetic (no tfjs, so the panel's estimate imports the rule
 * the engine runs by): the output size is the size painted. The first scale is at most the working
 * size; each finer one doubles, up to the output; each runs fewer iterations than the one before;
 * and a scale that would not fit the memory budget runs in tiles (tiles.ts), chosen here.
 */
import type { ConvStrategy } from "./conv-strategy";
import { FINE_SCALE_ITERATIONS, MAX_OUTPUT_SIDE, MAX_SCALE_STEP, PRESETS } from "./defaults";
import { tapsOf, type LayerName } from "./layers";
import { fitLongSide, scheduleSizes } from "./scale-sizes";
import { tilesFor, type ScaleFit } from "./scale-tiles";
import type { PresetName } from "./types";

export type { ConvStrategy } from "./conv-strategy";
export { tilesFor, type ScaleFit, type StateHome } from "./scale-tiles";

export interface ScalePlanArgs {
  contentWidth: number;
  contentHeight: number;
  /** The output's long side, the size painted (0 = the content's own, at most MAX_OUTPUT_SIDE). */
  size: number;
  /** The first (coarsest) scale's long side; never above the output's. */
  workingSize: number;
  /** Coarser scales still, relative to the working size (the `scales` option; default [1]). */
  scales?: readonly number[];
  /** What the network taps (style layers, then the content layer): presetTaps for a preset. */
  taps: readonly LayerName[];
  contentLayer: LayerName;
  /** The iteration cap at the working size (the `iterations` option). */
  iterations: number;
  /** L-BFGS's requested pairs; 0 for Adam (no history). */
  historySize: number;
  /** The most device memory the run may plan to use, in MiB. */
  memoryBudgetMB: number;
  /** The backend's conv paths (convStrategyFor(backend)). */
  conv: ConvStrategy;
  /**
   * Whether the caller can run a scale with its whole-picture state on the host
   * (host-tiled-objective.ts, optimizers/host-adam.ts), as stylize does (run-scales.ts); without
   * it, every scale keeps its state on the device, over the budget where that does not fit.
   */
  hostState?: boolean;
}

export interface PlannedScale extends ScaleFit {
  width: number;
  height: number;
  /** The iteration cap at this scale (the stop rule may end it sooner). */
  iterations: number;
}

/** The taps and content layer of a preset, or of custom layers. */
export function presetTaps(preset: PresetName, styleLayers?: Record<string, number>, contentLayer?: string): { taps: LayerName[]; contentLayer: LayerName } {
  const p = PRESETS[preset];
  const content = contentLayer ?? p.contentLayer;
  return { taps: tapsOf(styleLayers ?? p.styleLayers, content), contentLayer: content };
}

/** The output's (width, height): the content's aspect at `size` (0 = its own), at most MAX_OUTPUT_SIDE. */
export function outputSize(contentWidth: number, contentHeight: number, size: number): [number, number] {
  const long = Math.min(size > 0 ? size : Math.max(contentWidth, contentHeight), MAX_OUTPUT_SIDE);
  return fitLongSide(contentWidth, contentHeight, long);
}

/** Long sides from the first scale up to the output: doubling, and the output itself once it is within MAX_SCALE_STEP. */
export function detailSides(first: number, out: number): number[] {
  const sides: number[] = [];
  let cur = first;
  while (cur < out) {
    cur = out <= cur * MAX_SCALE_STEP ? out : cur * 2;
    sides.push(cur);
  }
  return sides;
}

/** The iteration cap of the k-th scale above the working size (k ≥ 1): the cap times FINE_SCALE_ITERATIONS^k. */
export function fineIterations(iterations: number, k: number): number {
  return Math.max(1, Math.round(iterations * FINE_SCALE_ITERATIONS ** k));
}

export function scalePlan(a: ScalePlanArgs): PlannedScale[] {
  const [ow, oh] = outputSize(a.contentWidth, a.contentHeight, a.size);
  const outLong = Math.max(ow, oh);
  const [ww, wh] = fitLongSide(a.contentWidth, a.contentHeight, Math.min(a.workingSize, outLong));
  const sizes: Array<{ w: number; h: number; iterations: number }> = scheduleSizes(ww, wh, a.scales ?? [1]).map(([w, h]) => ({
    w,
    h,
    iterations: a.iterations,
  }));
  detailSides(Math.max(ww, wh), outLong).forEach((long, i) => {
    const [w, h] = long === outLong ? [ow, oh] : fitLongSide(a.contentWidth, a.contentHeight, long);
    sizes.push({ w, h, iterations: fineIterations(a.iterations, i + 1) });
  });
  return sizes.map(({ w, h, iterations }) => ({ width: w, height: h, iterations, ...tilesFor(a, w, h) }));
}

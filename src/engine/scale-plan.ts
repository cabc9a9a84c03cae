/**
 * A run's scales, decided as plain arithmetic (no tfjs, so the panel's estimate imports the rule
 * the engine runs by): the output size is the size painted. The first scale is at most the working
 * size; each finer one doubles, up to the output; each runs fewer iterations than the one before;
 * and a scale that would not fit the memory budget runs in tiles (tiles.ts), chosen here.
 */
import type { ConvStrategy } from "./conv-strategy";
import { FINE_SCALE_ITERATIONS, MAX_OUTPUT_SIDE, MAX_SCALE_STEP, PRESETS } from "./defaults";
import { tapsOf, type LayerName } from "./layers";
import { evaluationPeakBytes, historyPairsAt, runStateBytes, weightBytes } from "./memory";
import { fitLongSide, scheduleSizes } from "./scale-sizes";
import { largestCrop, tileAlign, tileHalo } from "./tiles";
import type { OptimizerName, PresetName } from "./types";

export type { ConvStrategy } from "./conv-strategy";

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
}

export interface PlannedScale {
  width: number;
  height: number;
  /** Tiles the scale runs in (cols × rows; 1 when untiled). */
  tiles: number;
  cols: number;
  rows: number;
  /** The iteration cap at this scale (the stop rule may end it sooner). */
  iterations: number;
  /**
   * The optimiser of this scale: L-BFGS where its history and line search fit the budget, else Adam,
   * whose state is a few image-sized vectors (as jcjohnson/neural-style's multi-resolution recipe
   * switches to Adam at its largest sizes).
   */
  optimizer: OptimizerName;
  /** L-BFGS pairs kept at this scale (0 for Adam). */
  historyPairs: number;
  /** Modelled peak device bytes of the scale, tiles included. */
  peakBytes: number;
  /** False when even the smallest tiles leave the run over the budget (its own state is too large). */
  withinBudget: boolean;
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

/**
 * The fewest tiles at which one scale fits the budget, and what it then holds. When the run's own
 * state (the optimiser's vectors) leaves less than a quarter of the budget, the tiles are sized to
 * that quarter and the scale is marked over budget.
 */
export function tilesFor(
  a: Pick<ScalePlanArgs, "taps" | "contentLayer" | "historySize" | "memoryBudgetMB" | "conv">,
  w: number,
  h: number,
): Omit<PlannedScale, "width" | "height" | "iterations"> {
  const lbfgs = a.historySize > 0 ? tilesWith(a, w, h) : null;
  if (lbfgs?.withinBudget) return lbfgs;
  // Adam only where L-BFGS is over the budget (or Adam was asked for): L-BFGS converges in fewer
  // evaluations, Adam's state is always the smaller, so it is the better chance past the budget too.
  return tilesWith({ ...a, historySize: 0 }, w, h);
}

function tilesWith(
  a: Pick<ScalePlanArgs, "taps" | "contentLayer" | "historySize" | "memoryBudgetMB" | "conv">,
  w: number,
  h: number,
): Omit<PlannedScale, "width" | "height" | "iterations"> {
  const optimizer: OptimizerName = a.historySize > 0 ? "lbfgs" : "adam";
  const budget = a.memoryBudgetMB * 2 ** 20;
  const historyPairs = a.historySize > 0 ? historyPairsAt(w, h, a.historySize, budget) : 0;
  const fixed = weightBytes(a.taps, a.conv) + runStateBytes(a.contentLayer, w, h, a.historySize, budget);
  const untiled = fixed + evaluationPeakBytes(a.taps, w, h, a.conv);
  if (untiled <= budget) return { tiles: 1, cols: 1, rows: 1, optimizer, historyPairs, peakBytes: untiled, withinBudget: true };
  // Tiled, the whole picture's gradient is summed beside the tile's own evaluation.
  const held = fixed + w * h * 3 * 4;
  const room = Math.max(budget - held, budget / 4);
  const long = Math.max(w, h);
  // Past interiors narrower than the halo, more tiles mostly recompute halos: no finer grid than that.
  const most = Math.ceil(long / Math.max(tileAlign(a.taps), tileHalo(a.taps)));
  let grid = { cols: 1, rows: 1, evalBytes: Infinity };
  for (let k = 2; k <= most && grid.evalBytes > room; k++) {
    const cols = Math.ceil((k * w) / long);
    const rows = Math.ceil((k * h) / long);
    const [cw, ch] = largestCrop(w, h, cols, rows, a.taps);
    grid = { cols, rows, evalBytes: evaluationPeakBytes(a.taps, cw, ch, a.conv) };
  }
  const peakBytes = held + grid.evalBytes;
  return { tiles: grid.cols * grid.rows, cols: grid.cols, rows: grid.rows, optimizer, historyPairs, peakBytes, withinBudget: peakBytes <= budget };
}

/**
 * How one scale fits the memory budget, as plain arithmetic: untiled, else in tiles (tile-choice.ts),
 * with L-BFGS where its state fits, else Adam, and, where even Adam's whole-picture state does not
 * fit the device, with that state on the host and one tile's crop on the device at a time.
 */
import { evaluationPeakBytes, gramStateBytes, historyPairsAt, hostTileBytes, runStateBytes, weightBytes } from "./memory";
import type { ConvStrategy } from "./conv-strategy";
import type { LayerName } from "./layers";
import { finestGrid, leastAreaGrid, type GridChoice } from "./tile-choice";
import { largestCrop } from "./tiles";
import type { OptimizerName } from "./types";

/** How one scale fits the budget (a PlannedScale without its size and cap). */
export interface ScaleFit {
  /** Tiles the scale runs in (cols × rows; 1 when untiled). */
  tiles: number;
  cols: number;
  rows: number;
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
  /** False when even the smallest tiles leave the run over the budget. */
  withinBudget: boolean;
  /**
   * Where the whole picture's state lives: "device" (the iterate, the optimiser's vectors and the
   * content target are tensors), or "host" when those do not fit the budget (Float32Arrays; each
   * tile's crop is uploaded for its passes: host-tiled-objective.ts).
   */
  state: StateHome;
}

export type StateHome = "device" | "host";

/** What the fit depends on (ScalePlanArgs's fields of the same names). */
export interface FitArgs {
  taps: readonly LayerName[];
  contentLayer: LayerName;
  historySize: number;
  memoryBudgetMB: number;
  conv: ConvStrategy;
  hostState?: boolean;
}

/**
 * The least tiled work at which one scale fits the budget, and what it then holds: L-BFGS with its
 * state on the device, else Adam on the device, else (where the caller can) Adam with the picture's
 * state on the host. When nothing fits, the last of these, marked over budget.
 */
export function tilesFor(a: FitArgs, w: number, h: number): ScaleFit {
  const lbfgs = a.historySize > 0 ? onDevice(a, w, h) : null;
  if (lbfgs?.withinBudget) return lbfgs;
  // Adam only where L-BFGS is over the budget (or Adam was asked for): L-BFGS converges in fewer
  // evaluations; Adam's state is always the smaller.
  const adam = onDevice({ ...a, historySize: 0 }, w, h);
  return adam.withinBudget || !a.hostState ? adam : onHost(a, w, h);
}

function onDevice(a: FitArgs, w: number, h: number): ScaleFit {
  const optimizer: OptimizerName = a.historySize > 0 ? "lbfgs" : "adam";
  const budget = a.memoryBudgetMB * 2 ** 20;
  const historyPairs = a.historySize > 0 ? historyPairsAt(w, h, a.historySize, budget) : 0;
  const fixed = weightBytes(a.taps, a.conv) + runStateBytes(a.contentLayer, w, h, a.historySize, budget);
  const untiled = fixed + evaluationPeakBytes(a.taps, w, h, a.conv);
  const base = { optimizer, historyPairs, state: "device" as const };
  if (untiled <= budget) return { ...base, tiles: 1, cols: 1, rows: 1, peakBytes: untiled, withinBudget: true };
  // Tiled, the whole picture's gradient is summed beside the tile's own evaluation, and the Gram sums.
  const held = fixed + w * h * 3 * 4 + gramStateBytes(a.taps);
  const evalBytes = (cw: number, ch: number) => evaluationPeakBytes(a.taps, cw, ch, a.conv);
  // Where the state itself leaves too little, the tiles still fit a quarter of the budget (the run goes ahead, marked over).
  const grid =
    leastAreaGrid(w, h, a.taps, (cw, ch) => held + evalBytes(cw, ch) <= budget) ??
    leastAreaGrid(w, h, a.taps, (cw, ch) => evalBytes(cw, ch) <= budget / 4) ??
    finest(w, h, a.taps);
  const peakBytes = held + evalBytes(grid.cropW, grid.cropH);
  return { ...base, tiles: grid.cols * grid.rows, cols: grid.cols, rows: grid.rows, peakBytes, withinBudget: peakBytes <= budget };
}

/** Adam with the picture, its moments, its gradient and the content target on the host: the device holds one tile at a time. */
function onHost(a: FitArgs, w: number, h: number): ScaleFit {
  const budget = a.memoryBudgetMB * 2 ** 20;
  const fixed = weightBytes(a.taps, a.conv) + gramStateBytes(a.taps);
  const tile = (cw: number, ch: number) => hostTileBytes(a.taps, a.contentLayer, cw, ch, a.conv);
  const grid = leastAreaGrid(w, h, a.taps, (cw, ch) => fixed + tile(cw, ch) <= budget) ?? finest(w, h, a.taps);
  const peakBytes = fixed + tile(grid.cropW, grid.cropH);
  return {
    tiles: grid.cols * grid.rows,
    cols: grid.cols,
    rows: grid.rows,
    optimizer: "adam",
    historyPairs: 0,
    peakBytes,
    withinBudget: peakBytes <= budget,
    state: "host",
  };
}

function finest(w: number, h: number, taps: readonly LayerName[]): GridChoice {
  const [cols, rows] = finestGrid(w, h, taps);
  const [cropW, cropH] = largestCrop(w, h, cols, rows, taps);
  return { cols, rows, cropW, cropH, cropArea: NaN };
}

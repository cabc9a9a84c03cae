/**
 * LOCAL CONTRACT STUB (the engine's scale-plan.ts replaces this file on merge: take theirs).
 * The shape the panel programs against: each scale of a run with its tiles and iteration cap.
 * This stub doubles from the working size to the output and never tiles.
 */
import type { ConvStrategy } from "./conv-strategy";
import { MAX_OUTPUT_SIDE, PRESETS } from "./defaults";
import { tapsOf, type LayerName } from "./layers";
import { fitLongSide, scheduleSizes } from "./scale-sizes";
import type { PresetName } from "./types";

export type { ConvStrategy } from "./conv-strategy";

export interface ScalePlanArgs {
  contentWidth: number;
  contentHeight: number;
  size: number;
  workingSize: number;
  scales?: readonly number[];
  taps: readonly LayerName[];
  contentLayer: LayerName;
  iterations: number;
  historySize: number;
  memoryBudgetMB: number;
  conv: ConvStrategy;
}

export interface PlannedScale {
  width: number;
  height: number;
  tiles: number;
  cols: number;
  rows: number;
  iterations: number;
  historyPairs: number;
  peakBytes: number;
  withinBudget: boolean;
}

export function presetTaps(preset: PresetName, styleLayers?: Record<string, number>, contentLayer?: string): { taps: LayerName[]; contentLayer: LayerName } {
  const p = PRESETS[preset];
  const content = contentLayer ?? p.contentLayer;
  return { taps: tapsOf(styleLayers ?? p.styleLayers, content), contentLayer: content };
}

export function scalePlan(a: ScalePlanArgs): PlannedScale[] {
  const long = Math.min(a.size > 0 ? a.size : Math.max(a.contentWidth, a.contentHeight), MAX_OUTPUT_SIDE);
  const [ow, oh] = fitLongSide(a.contentWidth, a.contentHeight, long);
  const [ww, wh] = fitLongSide(ow, oh, Math.min(a.workingSize, long));
  const sizes = scheduleSizes(ww, wh, a.scales ?? [1]).map(([w, h]) => ({ w, h, iterations: a.iterations }));
  for (let cur = Math.max(ww, wh), k = 1; cur < long; k++) {
    cur = long <= cur * 2.5 ? long : cur * 2;
    const [w, h] = cur === long ? [ow, oh] : fitLongSide(ow, oh, cur);
    sizes.push({ w, h, iterations: Math.max(1, Math.round(a.iterations * 0.5 ** k)) });
  }
  return sizes.map(({ w, h, iterations }) => ({ width: w, height: h, iterations, tiles: 1, cols: 1, rows: 1, historyPairs: a.historySize, peakBytes: 0, withinBudget: true }));
}

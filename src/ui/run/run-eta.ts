/**
 * A run's ETA as the status shows it: each content's own pace (eta.ts) over the plan the estimate
 * was made with, and the batch's later contents as run-job counts them. The pace carries from one
 * content of a batch to the next (the same device), each content's scales are its own.
 */
import type { Progress } from "../../engine/types";
import type { LayerInfo } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import { ETA_START, etaMs, etaStep, type EtaPlan, type EtaState } from "./eta";
import { PRESET_COST, panelRunShape, type DeviceRate, type EstimateBasis } from "./estimate";
import type { BatchProgress } from "./run-job";

/** What the status line says of the time left. */
export interface EtaView {
  ms: number;
  /** The pace fell well below the probe's or this scale's own: the computer is busy. */
  slower: boolean;
  /** When `ms` was reckoned (performance.now()): the figure shown counts down from it until the next report. */
  at?: number;
}

/** The rate the run is paced against: the measured one, or the middle of the class's range (geometric), not measured. */
export function paceRate(measured: DeviceRate | null, range: readonly [DeviceRate, DeviceRate] | null): { rate: DeviceRate; measured: boolean } | null {
  if (measured) return { rate: measured, measured: true };
  if (!range) return null;
  const [a, b] = range;
  const mid = (x: number, y: number) => Math.sqrt(Math.max(x, 1e-9) * Math.max(y, 1e-9));
  return {
    rate: { fixedMs: mid(a.fixedMs, b.fixedMs), msPerPixel: mid(a.msPerPixel, b.msPerPixel), setupMs: mid(a.setupMs, b.setupMs), backend: a.backend },
    measured: false,
  };
}

/** Each content's plan: the scales the estimate priced for it, at the rate it was priced with (none while nothing is known). */
export function etaPlans(basis: EstimateBasis, settings: PanelSettings, contents: readonly LayerInfo[], styleCount: number, pixelRatio: number): EtaPlan[] {
  const paced = paceRate(basis.measured?.rate ?? null, basis.range);
  if (!paced) return [];
  const shape = panelRunShape(settings, contents, styleCount, pixelRatio, paced.rate.backend);
  return shape.contents.map((scales) => ({ rate: paced.rate, measured: paced.measured, cost: PRESET_COST[settings.preset], scales, styleCount }));
}

/** Without a plan (no rate known yet): the run's own sizes, priced as all per pixel with no setup, the pace finds the scale. */
const UNPLANNED: EtaPlan = { rate: { fixedMs: 0, msPerPixel: 1, setupMs: 0, backend: "" }, measured: false, cost: 1, scales: [], styleCount: 1 };

export class RunEta {
  private state: EtaState = ETA_START;
  private index = -1;

  constructor(private readonly plans: readonly EtaPlan[]) {}

  note(p: Progress, batch: BatchProgress): EtaView {
    if (batch.index !== this.index) {
      this.index = batch.index;
      this.state = { ...ETA_START, pace: this.state.pace, slower: this.state.slower };
    }
    const plan = this.plans[batch.index] ?? UNPLANNED;
    this.state = etaStep(this.state, p, plan);
    const here = etaMs(this.state, plan);
    // The batch's later contents: run-job's share of its figure (their mean time so far, or this one's).
    const later = batch.count > 1 && Number.isFinite(batch.etaMs) && Number.isFinite(p.etaMs) ? Math.max(0, batch.etaMs - p.etaMs) : 0;
    return { ms: here + later, slower: this.state.slower };
  }
}

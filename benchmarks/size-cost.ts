/**
 * What painting one scale costs at a size, on the active backend (pure tfjs: the Node bench and the
 * bench page both run it): a short run of the engine at that size (one scale, the memory budget's
 * plan: tiles and optimiser), then one evaluation of the scale's own objective, untiled or in the
 * plan's tiles. Memory is the engine's peak meter (tensor bytes; on WebGL numBytesInGPU, watched
 * continuously for the evaluation).
 */
import * as tf from "@tensorflow/tfjs-core";
import { resolveOptions } from "../src/engine/options";
import { hostRgb } from "../src/engine/host-image";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { createPeakMeter } from "../src/engine/run-stats";
import { objectiveAt } from "../src/engine/scale-objective";
import type { PlannedScale } from "../src/engine/scale-plan";
import { strengthToRatio } from "../src/engine/strength";
import { runLayers } from "../src/engine/run-sizes";
import { runSizes, stylize } from "../src/engine/stylize";
import type { RgbaImage, StylizeOptions } from "../src/engine/types";
import type { VggWeights } from "../src/engine/vgg-weights";
import { createVgg19 } from "../src/engine/vgg19";
import { tapsOf } from "../src/engine/layers";
import { createPacer } from "../src/engine/yield";
import { trackGpuPeak } from "./time-iterations";

export interface SizeCostRequest {
  /** Long side, px. */
  size: number;
  /** Iterations of the short run (0: the evaluation only). */
  iterations: number;
  memoryBudgetMB: number;
}

export interface EvaluationCost {
  seconds: number;
  /** Peak tensor bytes (WebGL: peak numBytesInGPU). */
  peakBytes: number;
}

export interface SizeCostResult {
  backend: string;
  size: [number, number];
  tiles: number;
  grid: [number, number];
  optimizer: string;
  /** The memory model's peak for the scale (tiles, optimiser state and weights included). */
  modelledPeakBytes: number;
  withinBudget: boolean;
  evaluation: EvaluationCost;
  run?: { iterations: number; evaluations: number; secondsPerIteration: number; seconds: number; peakBytes: number };
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** One evaluation of the objective `plan` describes (its tiles), after `warmup` untimed ones. */
export async function timeEvaluation(weights: VggWeights, content: RgbaImage, style: RgbaImage, plan: PlannedScale, warmup = 0): Promise<EvaluationCost> {
  const o: StylizeOptions = resolveOptions({ preset: "lite", size: plan.width, workingSize: plan.width });
  const { styleLayers, contentLayer } = runLayers(o);
  const net = createVgg19(weights, tapsOf(styleLayers, contentLayer));
  const peak = createPeakMeter();
  const gpu = trackGpuPeak();
  const pacer = createPacer();
  const pause = async () => {
    peak.note();
    await pacer();
  };
  const owned: Array<{ dispose(): void }> = [net];
  const contentNet = rgbaToRgbTensor(content);
  const stylesNet = [hostRgb(style)];
  owned.push(contentNet);
  try {
    const contentAt = resize(contentNet, plan.height, plan.width);
    owned.push(contentAt);
    const src = { net, stylesNet, styles: [{ image: style }], o, ratio: strengthToRatio(o.strength, "lite"), pause };
    const objective = await objectiveAt(src, contentAt, plan, owned, () => peak.note());
    const x = contentAt.clone();
    owned.push(x);
    let seconds = 0;
    for (let i = 0; i <= warmup; i++) {
      gpu?.reset();
      const t0 = now();
      const r = await objective.evaluate(x);
      await r.loss.data();
      peak.note();
      seconds = (now() - t0) / 1000;
      tf.dispose([r.loss, r.parts, r.grad]);
    }
    return { seconds: +seconds.toFixed(2), peakBytes: Math.max(peak.bytes, gpu?.peak() ?? 0) };
  } finally {
    gpu?.stop();
    for (const t of owned) t.dispose();
  }
}

/** The short run at the size (one scale, as the budget plans it), then one evaluation of its objective. */
export async function sizeCost(weights: VggWeights, content: RgbaImage, style: RgbaImage, req: SizeCostRequest): Promise<SizeCostResult> {
  const opts: Partial<StylizeOptions> = { preset: "lite", size: req.size, workingSize: req.size, memoryBudgetMB: req.memoryBudgetMB };
  const plan = runSizes(content, resolveOptions(opts), false, [style]).plan[0];
  let run: SizeCostResult["run"];
  if (req.iterations > 0) {
    const t0 = now();
    const r = await stylize(weights, { content, styles: [{ image: style }] }, { ...opts, iterations: req.iterations, stopTolerance: 0, previewEvery: 0 });
    const s = r.stats;
    run = {
      iterations: s.iterations,
      evaluations: s.evaluations,
      secondsPerIteration: +(s.msPerIteration / 1000).toFixed(2),
      seconds: +((now() - t0) / 1000).toFixed(1),
      peakBytes: s.peakBytes,
    };
  }
  // After the run on WebGL, so that shader compilation is not in the evaluation's seconds.
  const evaluation = await timeEvaluation(weights, content, style, plan);
  return {
    backend: tf.getBackend(),
    size: [plan.width, plan.height],
    tiles: plan.tiles,
    grid: [plan.cols, plan.rows],
    optimizer: plan.optimizer,
    modelledPeakBytes: plan.peakBytes,
    withinBudget: plan.withinBudget,
    evaluation,
    run,
  };
}

/**
 * Adam's first steps at a fine scale. A coarse one-scale run's result is the warm start of a scale
 * at twice its size whose L-BFGS state does not fit a small memory budget, so the scale runs Adam
 * (scale-plan.ts), as a 2048 px scale does at the default budget. Reports the scale's start loss and
 * the loss after each of its first steps, for each learning rate asked, beside L-BFGS's from the
 * same start. The bench's `adam` section runs it.
 */
import { resolveOptions } from "../src/engine/options";
import { runSizes, stylize } from "../src/engine/stylize";
import type { RgbaImage, StylizeOptions } from "../src/engine/types";
import type { VggWeights } from "../src/engine/vgg-weights";

export interface AdamStartRow {
  optimizer: "adam" | "lbfgs";
  learningRate?: number;
  tiles: number;
  /** The upsampled start's loss, then the loss after each step (the step's own, not the best so far). */
  losses: number[];
}

export interface AdamStartReport {
  coarse: [number, number];
  fine: [number, number];
  memoryBudgetMB: number;
  rows: AdamStartRow[];
}

/** The largest budget (MiB) at which the scale runs Adam. */
function adamBudget(content: RgbaImage, style: RgbaImage, base: Partial<StylizeOptions>): number {
  for (let mb = 256; mb > 1; mb--) {
    if (runSizes(content, resolveOptions({ ...base, memoryBudgetMB: mb }), true, [style]).plan[0].optimizer === "adam") return mb;
  }
  return 1;
}

async function firstSteps(
  weights: VggWeights,
  images: { content: RgbaImage; style: RgbaImage; init: RgbaImage },
  opts: Partial<StylizeOptions>,
): Promise<{ losses: number[]; tiles: number }> {
  const byIteration = new Map<number, number>();
  const r = await stylize(
    weights,
    { content: images.content, styles: [{ image: images.style }], init: images.init },
    { ...opts, stopTolerance: 0, previewEvery: 0 },
    { onProgress: (p) => void byIteration.set(p.iteration, p.loss.total) },
  );
  return { losses: [r.stats.lossStart.total, ...[...byIteration.keys()].sort((a, b) => a - b).map((k) => byIteration.get(k)!)], tiles: r.stats.tiles[0] };
}

export async function adamStart(
  weights: VggWeights,
  images: { content: RgbaImage; style: RgbaImage },
  a: { coarse: number; coarseIterations: number; steps: number; learningRates: readonly number[] },
  log: (s: string) => void,
): Promise<AdamStartReport> {
  const fine = a.coarse * 2;
  log(`adam: coarse run at ${a.coarse} px, ${a.coarseIterations} iterations…`);
  const coarse = await stylize(
    weights,
    { content: images.content, styles: [{ image: images.style }] },
    { preset: "lite", size: a.coarse, workingSize: a.coarse, iterations: a.coarseIterations, previewEvery: 0 },
  );
  const base: Partial<StylizeOptions> = { preset: "lite", size: fine, workingSize: fine, iterations: a.steps };
  const memoryBudgetMB = adamBudget(images.content, images.style, base);
  const init = { ...images, init: coarse.image };
  const rows: AdamStartRow[] = [];
  for (const learningRate of a.learningRates) {
    log(`adam: ${fine} px from the ${a.coarse} px result, learning rate ${learningRate}, ${memoryBudgetMB} MiB…`);
    rows.push({ optimizer: "adam", learningRate, ...(await firstSteps(weights, init, { ...base, memoryBudgetMB, learningRate })) });
  }
  log(`adam: the same start with L-BFGS (budget 4096 MiB)…`);
  rows.push({ optimizer: "lbfgs", ...(await firstSteps(weights, init, { ...base, memoryBudgetMB: 4096 })) });
  return {
    coarse: coarse.stats.scales[0],
    fine: [0, 0].map((_, i) => Math.round((coarse.stats.scales[0][i] * fine) / a.coarse)) as [number, number],
    memoryBudgetMB,
    rows,
  };
}

/**
 * A run's scales, coarse to fine, each starting from the last one's best iterate. A scale runs with
 * its state on the device (the picture and the optimiser's vectors as tensors), or, where the plan
 * put it there (scale-tiles.ts), on the host: the picture, Adam's moments and the content target as
 * Float32Arrays, one tile at a time on the device (host-tiled-objective.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { StopRule } from "./convergence";
import { CallbackError, throwIfAborted } from "./errors";
import { createHostTiledObjective } from "./host-tiled-objective";
import type { HostImage } from "./host-image";
import { initialHostImage, initialImage } from "./initial-image";
import { KEEP_HOST, KEEP_TENSOR, optimiseScale, type ScaleHooks, type ScaleOutcome, type ScaleStep } from "./optimise-scale";
import { createAdam } from "./optimizers/adam";
import { createHostAdam } from "./optimizers/host-adam";
import { createLbfgs } from "./optimizers/lbfgs";
import type { RunContent } from "./run-content";
import { preview } from "./run-images";
import type { RunProgress } from "./run-progress";
import type { RunSizes } from "./run-sizes";
import type { PeakMeter } from "./run-stats";
import { isHostImage, release, type ScaleImage } from "./scale-image";
import { objectiveAt, objectiveSpec, scaleGrams, scaleTiles, type TargetSources } from "./scale-objective";
import type { LossParts, Progress, RgbaImage, StylizeHooks } from "./types";

/** What a run's scales share. */
export interface RunContext extends TargetSources {
  content: RunContent;
  warmStart?: RgbaImage;
  sizes: RunSizes;
  rule: StopRule;
  progress: RunProgress;
  peak: PeakMeter;
  hooks: StylizeHooks;
  /** performance.now() at the run's start. */
  t0: number;
  /** The last step's progress: a tile's progress repeats it with the tile (pass 2 of a tiled evaluation). */
  last?: Progress;
}

/** Every scale in turn, each starting from the last one's best iterate; the last best is the caller's. */
export async function runScales(run: RunContext): Promise<{ best: ScaleImage; lossStart: LossParts; lossEnd: LossParts }> {
  let x: ScaleImage | null = null; // the best iterate carried from one scale to the next
  let lossStart: LossParts | null = null;
  let lossEnd: LossParts = { total: NaN, content: NaN, style: NaN, tv: NaN };
  try {
    for (let si = 0; si < run.sizes.sizes.length; si++) {
      const previous: ScaleImage | null = x;
      x = null;
      const scale: ScaleOutcome<ScaleImage> =
        run.sizes.plan[si].state === "host" ? await runHostScale(run, si, previous) : await runDeviceScale(run, si, previous);
      x = scale.best;
      lossStart ??= scale.start;
      lossEnd = scale.end;
    }
    throwIfAborted(run.hooks.signal);
    const best = x!;
    x = null;
    return { best, lossStart: lossStart ?? lossEnd, lossEnd };
  } finally {
    release(x);
  }
}

/** The hooks of scale `si`'s loop: counts, the peak probe, progress with previews. */
function scaleHooks<X>(run: RunContext, si: number, asImage: (x: X) => ScaleImage): ScaleHooks<X> {
  return {
    signal: run.hooks.signal,
    onStart: (r) => run.progress.evaluated(r.evaluations),
    afterStep: run.peak.note,
    onStep: (step) => reportStep(run, si, { ...step, current: asImage(step.current) }),
  };
}

/** Progress of a tile in pass 2: the last step's, with the tile. */
function tileNote(run: RunContext, si: number) {
  const [w, h] = run.sizes.sizes[si];
  return (tileIndex: number, tileCount: number) => {
    run.peak.note();
    if (run.last) tell(run, { ...run.last, scaleIndex: si, width: w, height: h, tileIndex, tileCount, preview: undefined });
  };
}

/**
 * Scale `si` with its state on the device: its targets, its start (from `previous`, which it
 * takes), its optimisation. The best iterate it returns is the caller's; everything else made for
 * the scale is released, whatever happens.
 */
async function runDeviceScale(run: RunContext, si: number, previous: ScaleImage | null): Promise<ScaleOutcome> {
  const [w, h] = run.sizes.sizes[si];
  const owned: Array<{ dispose(): void }> = [];
  try {
    await run.pause();
    const contentAt = await run.content.deviceAt(w, h);
    owned.push(contentAt);
    const plan = run.sizes.plan[si];
    const objective = await objectiveAt(run, contentAt, plan, owned, tileNote(run, si));
    await run.pause();
    const { o } = run;
    const x0 = initialImage(w, h, { previous, warmStart: run.warmStart, mode: o.init, seed: o.seed, preserveColors: o.preserveColors, contentAt });
    release(previous);
    previous = null;
    const opt =
      plan.optimizer === "adam"
        ? createAdam(objective.evaluate, { learningRate: o.learningRate })
        : createLbfgs(objective.evaluate, { historySize: plan.historyPairs });
    owned.push(opt);
    const limits = { iterations: plan.iterations, rule: run.rule };
    return await optimiseScale(
      opt,
      x0,
      limits,
      scaleHooks<tf.Tensor4D>(run, si, (x) => x),
      KEEP_TENSOR,
    );
  } finally {
    release(previous);
    for (const t of owned) t.dispose();
  }
}

/**
 * Scale `si` with its state on the host: the Gram targets on the device, the content, the
 * iterate and Adam's vectors on the host, each tile's crop uploaded for its passes.
 */
async function runHostScale(run: RunContext, si: number, previous: ScaleImage | null): Promise<ScaleOutcome<HostImage>> {
  const [width, height] = run.sizes.sizes[si];
  const plan = run.sizes.plan[si];
  const grams: tf.Tensor2D[] = [];
  try {
    await run.pause();
    const contentAt = await run.content.hostAt(width, height);
    const gramsAt = await scaleGrams(run, plan);
    grams.push(...Object.values(gramsAt));
    const spec = objectiveSpec(run);
    const tiles = scaleTiles(run, plan);
    const objective = await createHostTiledObjective({
      net: run.net,
      content: contentAt.data,
      width,
      height,
      grams: gramsAt,
      spec,
      tiles,
      pause: run.pause,
      onTile: tileNote(run, si),
    });
    const { o } = run;
    const x0 = await initialHostImage(width, height, {
      previous,
      warmStart: run.warmStart,
      mode: o.init,
      seed: o.seed,
      preserveColors: o.preserveColors,
      contentAt,
    });
    release(previous);
    previous = null;
    const opt = createHostAdam(objective, { learningRate: o.learningRate });
    const asImage = (data: Float32Array): HostImage => ({ width, height, channels: 3, data });
    const limits = { iterations: plan.iterations, rule: run.rule };
    const outcome = await optimiseScale(opt, x0.data, limits, scaleHooks(run, si, asImage), KEEP_HOST);
    return { ...outcome, best: asImage(outcome.best) };
  } finally {
    release(previous);
    tf.dispose(grams);
  }
}

/** Counts a step and tells the caller (with a preview every `previewEvery` iterations, and at the last). */
async function reportStep(run: RunContext, si: number, { it, report, ms, losses, done, current }: ScaleStep<ScaleImage>): Promise<void> {
  const { progress, o } = run;
  progress.evaluated(report.evaluations);
  const { totalIterations, etaMs } = progress.iterated({ si, it, ms, losses, done, stalled: !!report.stalled });
  if (!run.hooks.onProgress) return;
  const iteration = progress.iteration;
  const wantPreview = o.previewEvery > 0 && (iteration % o.previewEvery === 0 || iteration === totalIterations);
  const [width, height] = run.sizes.sizes[si];
  run.last = {
    iteration,
    totalIterations,
    scaleIndex: si,
    scaleCount: run.sizes.sizes.length,
    width,
    height,
    tileIndex: run.sizes.tiles[si] - 1,
    tileCount: run.sizes.tiles[si],
    loss: report.parts,
    evaluations: progress.evaluations,
    elapsedMs: performance.now() - run.t0,
    etaMs,
    preview: wantPreview ? await previewOf(run, current) : undefined,
  };
  tell(run, run.last);
}

/** The current iterate as a picture; when preserving colours, its luminance over the content's own colours. */
async function previewOf(run: RunContext, current: ScaleImage): Promise<RgbaImage> {
  if (!run.o.preserveColors) return preview(current, null);
  const [w, h] = isHostImage(current) ? [current.width, current.height] : [current.shape[2], current.shape[1]];
  const colours = await run.content.coloursAt(w, h, current);
  try {
    return await preview(current, colours);
  } finally {
    release(colours);
  }
}

/** Hands the caller a progress event; a callback that throws ends the run with its own error. */
function tell(run: RunContext, p: Progress): void {
  try {
    run.hooks.onProgress?.(p);
  } catch (e) {
    throw new CallbackError(e);
  }
}

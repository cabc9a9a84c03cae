/**
 * One style-transfer run: check the input, decide the sizes, build targets once per scale, optimise
 * the pixels coarse-to-fine, report progress, stop on the signal, and leave no tensor behind
 * whatever happens. Each step is its own module; this file only puts them in order.
 */
import * as tf from "@tensorflow/tfjs-core";
import { checkInput } from "./check-input";
import { luminanceRgb, matchLuminance } from "./color";
import { CallbackError, throwIfAborted, toRestyleError } from "./errors";
import { backendContextLost, startLeakCount } from "./run-state";
import { ensureGradients } from "./gradients-check";
import { initialImage } from "./initial-image";
import { tapsOf } from "./layers";
import { objectiveAt, type TargetSources } from "./scale-objective";
import type { StopRule } from "./convergence";
import { optimiseScale, type ScaleOutcome, type ScaleStep } from "./optimise-scale";
import { resolveOptions } from "./options";
import { createAdam } from "./optimizers/adam";
import { createLbfgs } from "./optimizers/lbfgs";
import { alphaTensor, resize, rgbaToRgbTensor, rgbTensorToRgba } from "./pixels";
import { finalImage, preview } from "./run-images";
import { createRunProgress, type RunProgress } from "./run-progress";
import { runLayers, runSizes, type RunSizes } from "./run-sizes";
import { createPeakMeter, runStats, type PeakMeter } from "./run-stats";
import { strengthToRatio } from "./strength";
import type { LossParts, Progress, RgbaImage, StylizeHooks, StylizeInput, StylizeOptions, StylizeResult } from "./types";
import { createVgg19, type Vgg19 } from "./vgg19";
import type { VggWeights } from "./vgg-weights";
import { createPacer } from "./yield";

export { runSizes, styleSizeAt, type RunSizes } from "./run-sizes";

export async function stylize(
  weights: VggWeights,
  input: StylizeInput,
  options: Partial<StylizeOptions> = {},
  hooks: StylizeHooks = {},
): Promise<StylizeResult> {
  // Turns of the event loop during setup and inside long evaluations (big sizes, the cpu backend), between layers.
  const pause = createPacer(() => throwIfAborted(hooks.signal));
  const o = resolveOptions(options);
  checkInput(input);
  throwIfAborted(hooks.signal);
  ensureGradients();

  const t0 = performance.now();
  const weighted = input.styles.filter((s) => (s.weight ?? 1) > 0).map((s) => s.image);
  const sizes = runSizes(input.content, o, !!input.init, weighted);
  const ratio = strengthToRatio(o.strength, o.preset);
  const { styleLayers, contentLayer } = runLayers(o);
  const peak = createPeakMeter();
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => (owned.push(t), t);
  let net: Vgg19 | null = null;
  const leakCount = startLeakCount(); // just before the try: its finally must always end the count

  try {
    const contentFull = keep(rgbaToRgbTensor(input.content));
    const alphaOut = keep(tf.tidy(() => resize(alphaTensor(input.content), sizes.out[1], sizes.out[0])));
    const contentOut = keep(resize(contentFull, sizes.out[1], sizes.out[0]));

    await pause();
    if (ratio === 0) {
      // Strength 0: the content itself, at the output size.
      const image = await rgbTensorToRgba(contentOut, alphaOut);
      const zero = { total: 0, content: 0, style: 0, tv: 0 };
      return { image, stats: runStats({ t0, iterations: 0, evaluations: 0, lossStart: zero, lossEnd: zero, peakBytes: peak.bytes, sizes }) };
    }

    const { contentNet, stylesNet } = networkInputs(contentFull, input.styles, o.preserveColors, keep);

    net = createVgg19(weights, tapsOf(styleLayers, contentLayer), { pooling: o.pooling });
    await pause();
    const rule = { tolerance: o.stopTolerance, window: o.stopWindow };
    const progress = createRunProgress(
      sizes.sizes,
      sizes.plan.map((s) => s.iterations),
      rule,
    );
    const run: RunContext = {
      net,
      stylesNet,
      styles: input.styles,
      o,
      ratio,
      pause,
      contentNet,
      warmStart: input.init,
      sizes,
      rule,
      progress,
      peak,
      hooks,
      t0,
    };
    const { best, lossStart, lossEnd } = await runScales(run);
    const image = await finalImage(best, sizes, contentOut, alphaOut, o.preserveColors);
    const counts = { iterations: progress.iteration, evaluations: progress.evaluations };
    return { image, stats: runStats({ t0, ...counts, lossStart, lossEnd, peakBytes: peak.bytes, sizes }) };
  } catch (e) {
    // The caller's own callback error goes back as it was thrown; anything else is classified by type and state.
    throw e instanceof CallbackError ? e.error : toRestyleError(e, { signal: hooks.signal, contextLost: backendContextLost() });
  } finally {
    net?.dispose();
    for (const t of owned) t.dispose();
    const leaked = leakCount();
    if (leaked !== null && leaked > 0 && typeof console !== "undefined") console.warn(`restyle: ${leaked} tensors leaked by a run`);
  }
}

/** What the network sees, kept by `keep`: RGB, or luminance only (styles matched to the content's) when preserving colours. */
function networkInputs(contentFull: tf.Tensor4D, styles: StylizeInput["styles"], preserveColors: boolean, keep: <T extends tf.Tensor>(t: T) => T) {
  const contentNet = keep(preserveColors ? luminanceRgb(contentFull) : contentFull.clone());
  const stylesNet = styles.map((s) =>
    keep(
      tf.tidy(() => {
        const rgb = rgbaToRgbTensor(s.image);
        return preserveColors ? matchLuminance(luminanceRgb(rgb), contentNet) : rgb;
      }),
    ),
  );
  return { contentNet, stylesNet };
}

/** Every scale in turn, each starting from the last one's best iterate; the last best is the caller's. */
async function runScales(run: RunContext): Promise<{ best: tf.Tensor4D; lossStart: LossParts; lossEnd: LossParts }> {
  let x: tf.Tensor4D | null = null; // the best iterate carried from one scale to the next
  let lossStart: LossParts | null = null;
  let lossEnd: LossParts = { total: NaN, content: NaN, style: NaN, tv: NaN };
  try {
    for (let si = 0; si < run.sizes.sizes.length; si++) {
      const previous = x;
      x = null;
      const scale = await runScale(run, si, previous);
      x = scale.best;
      lossStart ??= scale.start;
      lossEnd = scale.end;
    }
    throwIfAborted(run.hooks.signal);
    const best = x!;
    x = null;
    return { best, lossStart: lossStart ?? lossEnd, lossEnd };
  } finally {
    x?.dispose();
  }
}

/** What a run's scales share. */
interface RunContext extends TargetSources {
  /** The content as the network sees it, at full size. */
  contentNet: tf.Tensor4D;
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

/**
 * Scale `si`: its targets, its start (from `previous`, which it takes), its optimisation. The best
 * iterate it returns is the caller's; everything else made for the scale is released, whatever happens.
 */
async function runScale(run: RunContext, si: number, previous: tf.Tensor4D | null): Promise<ScaleOutcome> {
  const [w, h] = run.sizes.sizes[si];
  const owned: Array<{ dispose(): void }> = [];
  try {
    await run.pause();
    const contentAt = resize(run.contentNet, h, w);
    owned.push(contentAt);
    const plan = run.sizes.plan[si];
    const objective = await objectiveAt(run, contentAt, plan, owned, (tileIndex, tileCount) => {
      run.peak.note();
      if (run.last) tell(run, { ...run.last, scaleIndex: si, width: w, height: h, tileIndex, tileCount, preview: undefined });
    });
    await run.pause();
    const { o } = run;
    const x0 = initialImage(w, h, { previous, warmStart: run.warmStart, mode: o.init, seed: o.seed, preserveColors: o.preserveColors, contentAt });
    previous?.dispose();
    previous = null;
    const opt =
      plan.optimizer === "adam"
        ? createAdam(objective.evaluate, { learningRate: o.learningRate })
        : createLbfgs(objective.evaluate, { historySize: plan.historyPairs });
    owned.push(opt);
    return await optimiseScale(
      opt,
      x0,
      { iterations: plan.iterations, rule: run.rule },
      {
        signal: run.hooks.signal,
        onStart: (r) => run.progress.evaluated(r.evaluations),
        afterStep: run.peak.note,
        onStep: (step) => reportStep(run, si, contentAt, step),
      },
    );
  } finally {
    previous?.dispose();
    for (const t of owned) t.dispose();
  }
}

/** Counts a step and tells the caller (with a preview every `previewEvery` iterations, and at the last). */
async function reportStep(run: RunContext, si: number, contentAt: tf.Tensor4D, { it, report, ms, losses, done, current }: ScaleStep): Promise<void> {
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
    preview: wantPreview ? await preview(current, contentAt, o.preserveColors) : undefined,
  };
  tell(run, run.last);
}

/** Hands the caller a progress event; a callback that throws ends the run with its own error. */
function tell(run: RunContext, p: Progress): void {
  try {
    run.hooks.onProgress?.(p);
  } catch (e) {
    throw new CallbackError(e);
  }
}

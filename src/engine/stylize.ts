/**
 * One style-transfer run: validate, build targets once per scale, optimise the pixels
 * coarse-to-fine, report progress, stop on the signal, and leave no tensor behind whatever happens.
 */
import * as tf from "@tensorflow/tfjs-core";
import { BOUNDS, MAX_OUTPUT_SIDE, MEMORY_BUDGET_BYTES, PRESETS } from "./defaults";
import { convPlanFor } from "./conv";
import { fitWorkingSize } from "./memory";
import { RestyleError, toRestyleError } from "./errors";
import { checkImage } from "./image-checks";
import { ensureGradients } from "./gradients-check";
import { createObjectivePaced, styleGramsPaced } from "./objective";
import { resolveOptions } from "./options";
import { createAdam } from "./optimizers/adam";
import { createLbfgs } from "./optimizers/lbfgs";
import type { Objective, Optimizer } from "./optimizers/optimizer";
import { alphaTensor, fitLongSide, resize, rgbaToRgbTensor, rgbTensorToRgba } from "./pixels";
import { luminanceRgb, matchLuminance, recombineColors } from "./color";
import { MIN_SCALE_SIDE, minNetworkSide, scheduleSizes } from "./schedule";
import { strengthToRatio } from "./strength";
import type { LossParts, RgbaImage, StylizeHooks, StylizeInput, StylizeOptions, StylizeResult, StylizeStats } from "./types";
import { createVgg19 } from "./vgg19";
import { createPacer, yieldToLoop } from "./yield";
import { converged, iterationsLeft } from "./convergence";
import { tapsOf } from "./layers";
import type { VggWeights } from "./weights/vgg-weights";

export interface RunPlan {
  out: [number, number];
  work: [number, number];
  sizes: Array<[number, number]>;
  /** The working size was reduced to fit the memory budget (memory.ts). */
  memoryCapped: boolean;
}

/**
 * Output and working sizes: the output keeps the content's aspect; work never exceeds the output,
 * nor what fits the memory budget with the active backend's conv paths.
 */
export function planRun(content: RgbaImage, o: StylizeOptions, warmStart: boolean, styles: readonly RgbaImage[] = []): RunPlan {
  const longOut = Math.min(o.size > 0 ? o.size : Math.max(content.width, content.height), MAX_OUTPUT_SIDE);
  const out = fitLongSide(content.width, content.height, longOut);
  const asked = fitLongSide(content.width, content.height, Math.min(o.workingSize, longOut));
  const { styleLayers, contentLayer } = layersOf(o);
  const memory = {
    taps: tapsOf(styleLayers, contentLayer),
    contentLayer,
    historySize: o.optimizer === "lbfgs" ? o.historySize : 0,
    plan: convPlanFor(tf.getBackend()),
  };
  const work = fitWorkingSize(memory, asked[0], asked[1], BOUNDS.workingSize[0]);
  if (!work) {
    throw new RestyleError("out-of-memory", "Even the smallest working size would not fit in memory; choose the Lite quality.", `budget ${MEMORY_BUDGET_BYTES} B`);
  }
  // Every scale, and every style as seen at it, must be one the network can take (schedule.ts).
  const minSide = minNetworkSide(memory.taps);
  const stylesFit = ([w, h]: [number, number]) => styles.every((st) => Math.min(...styleSizeAt(st, w, h, o.styleScale)) >= minSide);
  const [ww, wh] = work;
  if (Math.min(ww, wh) < minSide) {
    throw new RestyleError(
      "bad-image",
      `The content image is too ${Math.max(ww, wh) >= minSide ? "narrow" : "small"} to stylise: at the working size it is ${ww}×${wh} px, and the network needs at least ${minSide} px on each side. Use a larger working size or a less narrow image.`,
      `working ${ww}x${wh}, min ${minSide}`,
    );
  }
  styles.forEach((st, i) => {
    const [sw, sh] = styleSizeAt(st, ww, wh, o.styleScale);
    if (Math.min(sw, sh) < minSide) {
      throw new RestyleError(
        "bad-image",
        `The ${styles.length > 1 ? `style ${i + 1}` : "style"} image (${st.width}×${st.height}) is too narrow: seen at ${sw}×${sh} px it is under the ${minSide} px a side the network needs. Use a less narrow style image.`,
        `style ${sw}x${sh}, min ${minSide}`,
      );
    }
  });
  // A warm start already has the coarse structure: refine at the working size only.
  const sizes = scheduleSizes(ww, wh, warmStart ? [1] : o.scales, Math.max(MIN_SCALE_SIDE, minSide)).filter((sz, i, all) => i === all.length - 1 || stylesFit(sz));
  return { out, work, sizes, memoryCapped: work[0] !== asked[0] || work[1] !== asked[1] };
}

/** The size a style image is seen at when the content is optimised at w × h. */
export function styleSizeAt(style: { width: number; height: number }, w: number, h: number, styleScale: number): [number, number] {
  return fitLongSide(style.width, style.height, Math.max(MIN_SCALE_SIDE, Math.round(Math.max(w, h) * styleScale)));
}

/** The layers a run uses: the options' own, else the preset's. */
function layersOf(o: StylizeOptions): { styleLayers: Record<string, number>; contentLayer: string } {
  const preset = PRESETS[o.preset];
  return { styleLayers: o.styleLayers ?? preset.styleLayers, contentLayer: o.contentLayer ?? preset.contentLayer };
}

function parts(v: { loss: number; parts: number[] }): LossParts {
  return { total: v.loss, content: v.parts[0], style: v.parts[1], tv: v.parts[2] };
}

/** A NaN or infinite loss would be written out as a picture of garbage: it is an error. */
function checkFinite(loss: number): void {
  if (!Number.isFinite(loss)) {
    throw new RestyleError("backend-unavailable", "The style transfer failed: the computation produced an invalid number. Try another backend, size or image.", `loss ${loss}`);
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new RestyleError("cancelled", "The run was cancelled.");
}

export async function stylize(weights: VggWeights, input: StylizeInput, options: Partial<StylizeOptions> = {}, hooks: StylizeHooks = {}): Promise<StylizeResult> {
  // Turns of the event loop during setup and inside long evaluations (big sizes, the cpu backend), between layers.
  const pause = createPacer(() => throwIfAborted(hooks.signal));
  const o = resolveOptions(options);
  if (!input || typeof input !== "object") throw new RestyleError("bad-image", "Give a content image and at least one style image.");
  checkImage(input.content, "content");
  if (!Array.isArray(input.styles) || !input.styles.length) throw new RestyleError("bad-image", "Choose at least one style image.");
  input.styles.forEach((s, i) => {
    checkImage(s?.image, input.styles.length > 1 ? `style ${i + 1}` : "style");
    const w = s.weight ?? 1;
    if (!Number.isFinite(w) || w < 0) throw new RestyleError("bad-options", `Style weights must be 0 or more (got ${w}).`);
  });
  if (input.styles.every((s) => (s.weight ?? 1) === 0)) throw new RestyleError("bad-options", "At least one style needs a weight above 0.");
  if (input.init) checkImage(input.init, "starting");
  throwIfAborted(hooks.signal);
  ensureGradients();

  const before = tf.memory().numTensors;
  const t0 = performance.now();
  const plan = planRun(
    input.content,
    o,
    !!input.init,
    input.styles.filter((s) => (s.weight ?? 1) > 0).map((s) => s.image),
  );
  const ratio = strengthToRatio(o.strength, o.preset);
  const { styleLayers, contentLayer } = layersOf(o);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => (owned.push(t), t);
  let net: ReturnType<typeof createVgg19> | null = null;
  let x: tf.Tensor4D | null = null; // the best iterate carried from one scale to the next
  let peakBytes = 0;
  const notePeak = () => {
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    peakBytes = Math.max(peakBytes, m.numBytes, m.numBytesInGPU ?? 0);
  };

  try {
    const contentFull = keep(rgbaToRgbTensor(input.content));
    const alphaOut = keep(tf.tidy(() => resize(alphaTensor(input.content), plan.out[1], plan.out[0])));
    const contentOut = keep(resize(contentFull, plan.out[1], plan.out[0]));

    await pause();
    if (ratio === 0) {
      // Strength 0: the content itself, at the output size.
      const image = await rgbTensorToRgba(contentOut, alphaOut);
      const zero = { total: 0, content: 0, style: 0, tv: 0 };
      return { image, stats: stats(0, 0, zero, zero) };
    }

    // What the network sees: RGB, or luminance only when preserving colours.
    const contentNet = keep(o.preserveColors ? luminanceRgb(contentFull) : contentFull.clone());
    const stylesNet = input.styles.map((s) =>
      keep(
        tf.tidy(() => {
          const rgb = rgbaToRgbTensor(s.image);
          return o.preserveColors ? matchLuminance(luminanceRgb(rgb), contentNet) : rgb;
        }),
      ),
    );

    net = createVgg19(weights, tapsOf(styleLayers, contentLayer), { pooling: o.pooling });
    await pause();
    const rule = { tolerance: o.stopTolerance, window: o.stopWindow };
    // Iterations a scale not yet started is expected to take: the cap, until a scale has ended by convergence.
    let expectedPerScale = o.iterations;
    /** Iterations still to run from scale `si` on (this scale's `leftHere` included) and their pixels. */
    const workLeft = (si: number, leftHere: number) => {
      let iters = leftHere, pixels = plan.sizes[si][0] * plan.sizes[si][1] * leftHere;
      for (let i = si + 1; i < plan.sizes.length; i++) {
        iters += expectedPerScale;
        pixels += plan.sizes[i][0] * plan.sizes[i][1] * expectedPerScale;
      }
      return { iters, pixels };
    };

    let iteration = 0;
    let evaluations = 0;
    let lossStart: LossParts | null = null;
    let lossEnd: LossParts = { total: NaN, content: NaN, style: NaN, tv: NaN };
    // ms per (pixel × iteration) at the scale under way, for the ETA: a coarse scale's iterations cost
    // more per pixel (fixed overheads), so their rate would overstate the finer scales' time.
    let timing = { ms: 0, pixelIters: 0 };

    for (let si = 0; si < plan.sizes.length; si++) {
      const [w, h] = plan.sizes[si];
      // Everything made for this scale is released in the finally below, whatever happens.
      const scaleOwned: Array<{ dispose(): void }> = [];
      let bestX: tf.Tensor4D | null = null;
      try {
        await pause();
        const contentAt = resize(contentNet, h, w);
        scaleOwned.push(contentAt);
        const styleTargets = input.styles.map((s, k) => {
          const [sw, sh] = styleSizeAt(s.image, w, h, o.styleScale);
          return { rgb: resize(stylesNet[k], sh, sw), weight: s.weight ?? 1 };
        });
        let grams: Record<string, tf.Tensor2D>;
        try {
          grams = await styleGramsPaced(net, styleTargets, Object.keys(styleLayers), pause);
        } finally {
          tf.dispose(styleTargets.map((t) => t.rgb));
        }
        scaleOwned.push(...Object.values(grams));
        const objective = await createObjectivePaced(net, contentAt, grams, { styleLayers, contentLayer, ratio, tvWeight: o.tvWeight }, pause);
        scaleOwned.push(objective);
        await pause();
        const x0: tf.Tensor4D = x
          ? resize(x, h, w)
          : input.init
            ? tf.tidy(() => {
                const init = rgbaToRgbTensor(input.init!);
                return resize(o.preserveColors ? luminanceRgb(init) : init, h, w);
              })
            : o.init === "noise"
              ? tf.randomUniform([1, h, w, 3], 0, 255, "float32", o.seed || 1)
              : contentAt.clone();
        x?.dispose();
        x = null;
        const opt: Optimizer = makeOptimizer(objective.evaluate, o);
        scaleOwned.push(opt);
        let r = await opt.start(x0);
        checkFinite(r.loss);
        evaluations += r.evaluations;
        lossStart ??= parts(r);
        // Keep the best iterate: Adam's loss is not monotone.
        let bestLoss = parts(r);
        bestX = opt.current().clone();
        const losses = [r.loss]; // this scale's best loss: the start's, then after each iteration
        for (let it = 0; it < o.iterations; it++) {
          // A turn of the event loop every iteration: Ctrl-C, a timer's abort() and a page's input get through.
          await yieldToLoop();
          throwIfAborted(hooks.signal);
          const ts = performance.now();
          r = await opt.step();
          checkFinite(r.loss);
          evaluations += r.evaluations;
          iteration++;
          if (it === 0) timing = { ms: 0, pixelIters: 0 };
          timing.ms += performance.now() - ts;
          timing.pixelIters += w * h;
          notePeak();
          if (r.loss < bestLoss.total) {
            bestX.dispose();
            bestLoss = parts(r);
            bestX = opt.current().clone();
          }
          losses.push(bestLoss.total);
          const done = !!r.stalled || converged(losses, rule);
          const left = workLeft(si, done ? 0 : iterationsLeft(losses, rule, o.iterations));
          const totalIterations = iteration + left.iters;
          if (hooks.onProgress) {
            const wantPreview = o.previewEvery > 0 && (iteration % o.previewEvery === 0 || iteration === totalIterations);
            hooks.onProgress({
              iteration,
              totalIterations,
              scaleIndex: si,
              scaleCount: plan.sizes.length,
              width: w,
              height: h,
              loss: parts(r),
              evaluations,
              elapsedMs: performance.now() - t0,
              etaMs: (timing.ms / timing.pixelIters) * left.pixels,
              preview: wantPreview ? await preview(opt.current(), contentAt, o.preserveColors) : undefined,
            });
          }
          if (done) {
            // The next scale is expected to take as many iterations as this one did.
            if (!r.stalled) expectedPerScale = it + 1;
            break;
          }
        }
        lossEnd = bestLoss;
        x = bestX;
        bestX = null;
      } finally {
        bestX?.dispose(); // only when the scale was interrupted
        for (const t of scaleOwned) t.dispose();
      }
    }
    throwIfAborted(hooks.signal);

    const final = x!;
    x = null;
    const outRgb = tf.tidy(() => {
      const up = resize(final, plan.out[1], plan.out[0]);
      return o.preserveColors ? recombineColors(up, contentOut) : up;
    });
    final.dispose();
    const image = await rgbTensorToRgba(outRgb, alphaOut);
    outRgb.dispose();
    return { image, stats: stats(iteration, evaluations, lossStart ?? lossEnd, lossEnd) };
  } catch (e) {
    throw toRestyleError(e);
  } finally {
    net?.dispose();
    x?.dispose();
    for (const t of owned) t.dispose();
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0 && typeof console !== "undefined") console.warn(`restyle: ${leaked} tensors leaked by a run`);
  }

  function stats(iterations: number, evaluations: number, lossStart: LossParts, lossEnd: LossParts): StylizeStats {
    const elapsedMs = performance.now() - t0;
    return {
      iterations,
      evaluations,
      elapsedMs,
      msPerIteration: iterations ? elapsedMs / iterations : 0,
      lossStart,
      lossEnd,
      backend: tf.getBackend(),
      peakBytes,
      scales: plan.sizes,
      memoryCapped: plan.memoryCapped,
    };
  }
}

function makeOptimizer(f: Objective, o: StylizeOptions): Optimizer {
  return o.optimizer === "adam" ? createAdam(f, { learningRate: o.learningRate }) : createLbfgs(f, { historySize: o.historySize });
}

/** The current iterate as RGBA (async read: never blocks the loop's device queue). */
async function preview(x: tf.Tensor4D, contentAt: tf.Tensor4D, preserveColors: boolean): Promise<RgbaImage> {
  const rgb = preserveColors ? recombineColors(x, contentAt) : x;
  try {
    return await rgbTensorToRgba(rgb);
  } finally {
    if (rgb !== x) rgb.dispose();
  }
}

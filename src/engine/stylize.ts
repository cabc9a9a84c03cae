/**
 * One style-transfer run: check the input, decide the sizes, build targets once per scale, optimise
 * the pixels coarse-to-fine, report progress, stop on the signal, and leave no tensor behind
 * whatever happens. Each step is its own module; this file only puts them in order.
 */
import { checkInput } from "./check-input";
import { CallbackError, throwIfAborted, toRestyleError } from "./errors";
import { backendContextLost, startLeakCount } from "./run-state";
import { ensureGradients } from "./gradients-check";
import { tapsOf } from "./layers";
import { resolveOptions } from "./options";
import { deviceContent, hostContent } from "./run-content";
import { createRunProgress } from "./run-progress";
import { runScales, type RunContext } from "./run-scales";
import { runLayers, runSizes } from "./run-sizes";
import { createPeakMeter, runStats } from "./run-stats";
import { strengthToRatio } from "./strength";
import type { StylizeHooks, StylizeInput, StylizeOptions, StylizeResult } from "./types";
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
  const owned: Array<{ dispose(): void }> = [];
  let net: Vgg19 | null = null;
  const leakCount = startLeakCount(); // just before the try: its finally must always end the count

  try {
    // A run with a scale whose state lives on the host keeps the whole content there too.
    const content = (sizes.plan.some((s) => s.state === "host") ? hostContent : deviceContent)(input.content, sizes.out, o.preserveColors);
    owned.push(content);
    await pause();
    if (ratio === 0) {
      // Strength 0: the content itself, at the output size.
      const image = await content.final(null);
      const zero = { total: 0, content: 0, style: 0, tv: 0 };
      return { image, stats: runStats({ t0, iterations: 0, evaluations: 0, lossStart: zero, lossEnd: zero, peakBytes: peak.bytes, sizes }) };
    }
    const stylesNet = await Promise.all(input.styles.map((s) => content.styleForNet(s.image)));

    net = createVgg19(weights, tapsOf(styleLayers, contentLayer), { pooling: o.pooling });
    await pause();
    const rule = { tolerance: o.stopTolerance, window: o.stopWindow };
    const progress = createRunProgress(
      sizes.sizes,
      sizes.plan.map((s) => s.iterations),
      rule,
    );
    const run: RunContext = { net, stylesNet, styles: input.styles, o, ratio, pause, content, warmStart: input.init, sizes, rule, progress, peak, hooks, t0 };
    const { best, lossStart, lossEnd } = await runScales(run);
    const image = await content.final(best);
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

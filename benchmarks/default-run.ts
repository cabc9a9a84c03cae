/**
 * `node dist/bench/default-run.js [--size 128] [--pairs N | --pair K] [--scale-x 3]`: is the default run the
 * converged one? On the shared pairs, the default options (stopping each scale by measured
 * convergence) against the same run given `scale-x` times the iterations at every scale with no
 * early stop: final losses, per-layer style terms of both results, iterations per scale, seconds,
 * and the ETA's error at a quarter and at half of the run. Lite weights, wasm, strength 0.75.
 * `--pair K` runs only the K-th pair, so two can run side by side (wasm takes one core each; the
 * losses do not depend on the load). `--one-run` saves the default run: the longer run follows its
 * path (the cap and the stop rule only end a scale), so the default's stop, loss and result are
 * read off the longer run's own steps (one-scale runs only; `--check-one-run` runs both ways and
 * prints both, to show they agree).
 *
 * `--eta`: how good the run's time predictions are, with the CLI's defaults (strength included)
 * and no longer run: before each run, the panel's probe (estimate.ts) and its pre-run estimate;
 * during it, the ETA at a quarter and at half; each run's progress trace goes to
 * bench-results/eta-traces.json, so another ETA rule can be replayed on it.
 */
import * as tf from "@tensorflow/tfjs-core";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_OPTIONS, PRESETS } from "../src/engine/defaults";
import { createVgg19 } from "../src/engine/vgg19";
import { gram, styleTerm } from "../src/engine/losses";
import { tapsOf } from "../src/engine/layers";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { fitLongSide } from "../src/engine/scale-sizes";
import { strengthToRatio } from "../src/engine/strength";
import { stylize, styleSizeAt } from "../src/engine/stylize";
import { converged } from "../src/engine/convergence";
import type { Progress, RgbaImage, StylizeOptions } from "../src/engine/types";
import type { VggWeights } from "../src/engine/weights/vgg-weights";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile, writePngFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/node/load-weights-dir";
import { findPackageRoot } from "../src/cli/package-root";
import { estimateRunMs, type DeviceRate } from "../src/ui/run/estimate";
import { probeDevice } from "../src/ui/run/estimate-probe";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const PAIRS: Array<[string, string]> = [
  ["content_tubingen.jpg", "style_starry_night.jpg"],
  ["content_chelsea.jpg", "style_great_wave.jpg"],
  ["content_astronaut.jpg", "style_the_scream.jpg"],
  ["content_coffee.jpg", "style_composition_vii.jpg"],
];

/** The pairs the ETA is measured on. */
const ETA_PAIRS: Array<[string, string]> = [
  ["content_tubingen.jpg", "style_starry_night.jpg"],
  ["content_chelsea.jpg", "style_great_wave.jpg"],
  ["content_coffee.jpg", "style_the_scream.jpg"],
];

/** The panel's probe (estimate-probe.ts), run here on the same engine and backend: this device's cost of one evaluation. */
async function probe(weights: VggWeights): Promise<{ rate: DeviceRate; ms: number }> {
  const t0 = performance.now();
  const rate = await probeDevice({ weights: async () => weights, stylize }, tf.getBackend(), new AbortController().signal);
  return { rate, ms: performance.now() - t0 };
}

/** Each style layer's weighted term (as it enters the loss) for `image` at its own size. */
function styleTerms(weights: VggWeights, image: RgbaImage, style: RgbaImage, o: StylizeOptions): Record<string, number> {
  const { styleLayers, contentLayer } = PRESETS[o.preset];
  const net = createVgg19(weights, tapsOf(styleLayers, contentLayer));
  try {
    return tf.tidy(() => {
      const x = rgbaToRgbTensor(image);
      const [sw, sh] = styleSizeAt(style, image.width, image.height, o.styleScale);
      const fs = net.features(resize(rgbaToRgbTensor(style), sh, sw));
      const fx = net.features(x);
      const ratio = strengthToRatio(o.strength, o.preset);
      return Object.fromEntries(Object.entries(styleLayers).map(([l, w]) => [l, +styleTerm(fx[l], gram(fs[l]), w * ratio).dataSync()[0].toPrecision(4)]));
    });
  } finally {
    net.dispose();
  }
}

interface RunOutcome {
  loss: number;
  lossStart: number;
  style: number;
  content: number;
  iterationsPerScale: number[];
  seconds: number;
  styleTerms: Record<string, number>;
  /** (predicted − real) time left over the real time left, at 25 % and 50 % of the run. */
  etaError: { at25: number | null; at50: number | null };
  evaluations: number;
  iterations: number;
  scales: Array<[number, number]>;
  trace: Array<Pick<Progress, "iteration" | "totalIterations" | "scaleIndex" | "evaluations" | "elapsedMs" | "etaMs"> & { loss: number }>;
  image: RgbaImage;
}

async function runOnce(weights: VggWeights, content: RgbaImage, style: RgbaImage, o: Partial<StylizeOptions>, withTerms = true, watch?: (p: Progress) => void): Promise<RunOutcome> {
  const seen: Progress[] = [];
  const onProgress = (p: Progress) => {
    watch?.(p);
    seen.push({ ...p, preview: undefined });
  };
  const r = await stylize(weights, { content, styles: [{ image: style }] }, { previewEvery: 0, ...o }, { onProgress });
  const total = r.stats.elapsedMs;
  const etaAt = (f: number) => {
    const p = seen.find((q) => q.elapsedMs >= f * total && Number.isFinite(q.etaMs));
    if (!p) return null;
    const real = total - p.elapsedMs;
    return +((p.etaMs - real) / real).toFixed(3);
  };
  const perScale = r.stats.scales.map((_, i) => seen.filter((p) => p.scaleIndex === i).length);
  const full = { ...DEFAULT_OPTIONS, ...o } as StylizeOptions;
  return {
    loss: r.stats.lossEnd.total,
    lossStart: r.stats.lossStart.total,
    style: r.stats.lossEnd.style,
    content: r.stats.lossEnd.content,
    iterationsPerScale: perScale,
    seconds: +(total / 1000).toFixed(1),
    styleTerms: withTerms ? styleTerms(weights, r.image, style, full) : {},
    etaError: { at25: etaAt(0.25), at50: etaAt(0.5) },
    evaluations: r.stats.evaluations,
    iterations: r.stats.iterations,
    scales: r.stats.scales,
    trace: seen.map((p) => ({ iteration: p.iteration, totalIterations: p.totalIterations, scaleIndex: p.scaleIndex, evaluations: p.evaluations, elapsedMs: Math.round(p.elapsedMs), etaMs: Math.round(p.etaMs), loss: p.loss.total })),
    image: r.image,
  };
}

/**
 * The default run read off the longer one (`--one-run`): the longer run's best loss after each step,
 * the engine's own stop rule (convergence.ts) with the default's tolerance, window and cap, and the
 * best iterate at that step, as optimise-scale.ts keeps it. Every step's preview is read for that.
 */
async function defaultWithin(weights: VggWeights, content: RgbaImage, style: RgbaImage, base: Partial<StylizeOptions>, longerIterations: number): Promise<{ dflt: RunOutcome; longer: RunOutcome }> {
  const full = { ...DEFAULT_OPTIONS, ...base } as StylizeOptions;
  const bestAt: Array<{ loss: number; image: RgbaImage }> = [];
  let best: { loss: number; image: RgbaImage } | null = null;
  const longer = await runOnce(weights, content, style, { ...base, stopTolerance: 0, iterations: longerIterations, previewEvery: 1 }, true, (p) => {
    if (p.scaleCount !== 1) throw new Error("--one-run reads one-scale runs only");
    if (p.preview && (!best || p.loss.total < best.loss)) best = { loss: p.loss.total, image: p.preview };
    bestAt.push(best!);
  });
  const losses = [longer.lossStart, ...bestAt.map((b) => b.loss)];
  let stop = Math.min(full.iterations, bestAt.length);
  for (let j = 1; j < stop; j++) {
    if (!converged(losses.slice(0, j + 1), { tolerance: full.stopTolerance, window: full.stopWindow })) continue;
    stop = j;
    break;
  }
  const at = bestAt[stop - 1];
  const step = longer.trace[stop - 1];
  const dflt: RunOutcome = {
    ...longer,
    loss: at.loss,
    style: NaN,
    content: NaN,
    iterationsPerScale: [stop],
    seconds: +(step.elapsedMs / 1000).toFixed(1),
    styleTerms: styleTerms(weights, at.image, style, full),
    etaError: { at25: null, at50: null },
    evaluations: step.evaluations,
    iterations: stop,
    trace: longer.trace.slice(0, stop),
    image: at.image,
  };
  return { dflt, longer };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: "string" }, pairs: { type: "string" }, pair: { type: "string" }, "scale-x": { type: "string" }, tolerance: { type: "string" }, window: { type: "string" }, iterations: { type: "string" }, eta: { type: "boolean" }, "one-run": { type: "boolean" }, "check-one-run": { type: "boolean" } } });
  const size = Number(values.size ?? 128);
  const nPairs = Number(values.pairs ?? 3);
  const times = Number(values["scale-x"] ?? 3);
  const root = findPackageRoot();
  const shared = resolve(root, "../shared");
  await useNodeBackend("wasm");
  const weights = await loadWeightsFromDir(join(root, "weights/lite"));
  if (values.eta) return etaRuns(weights, shared, size, nPairs);
  const base: Partial<StylizeOptions> = { preset: "lite", size, workingSize: size, strength: 0.75 };
  if (values.tolerance) base.stopTolerance = Number(values.tolerance);
  if (values.window) base.stopWindow = Number(values.window);
  if (values.iterations) base.iterations = Number(values.iterations);
  const only = values.pair ? Number(values.pair) : 0;
  if (only && !PAIRS[only - 1]) throw new Error(`--pair wants 1–${PAIRS.length}, got ${values.pair}`);
  for (const [c, s] of only ? [PAIRS[only - 1]] : PAIRS.slice(0, nPairs)) {
    const content = await readImageFile(join(shared, "images", c));
    const style = await readImageFile(join(shared, "images", s));
    let dflt: RunOutcome;
    let longer: RunOutcome;
    if (values["one-run"] || values["check-one-run"]) {
      // The default stops at its cap at the latest, so 3× the cap is 3× whatever it ran.
      const cap = base.iterations ?? DEFAULT_OPTIONS.iterations;
      ({ dflt, longer } = await defaultWithin(weights, content, style, base, times * cap));
      if (values["check-one-run"]) {
        const real = await runOnce(weights, content, style, base);
        process.stdout.write(JSON.stringify({ check: `${c} × ${s}`, readOff: { loss: dflt.loss, iterations: dflt.iterations, styleTerms: dflt.styleTerms }, real: { loss: real.loss, iterations: real.iterations, styleTerms: real.styleTerms } }) + "\n");
      }
    } else {
      dflt = await runOnce(weights, content, style, base);
      longer = await runOnce(weights, content, style, { ...base, stopTolerance: 0, iterations: times * Math.max(...dflt.iterationsPerScale) });
    }
    // Both results, to look at side by side: the fine texture is what a short run lacks.
    const dir = join("bench-results", "default-run");
    mkdirSync(dir, { recursive: true });
    const stem = `${c.replace(/^content_|\.jpg$/g, "")}-${s.replace(/^style_|\.jpg$/g, "")}-${size}`;
    await writePngFile(join(dir, `${stem}-default.png`), dflt.image);
    await writePngFile(join(dir, `${stem}-${times}x.png`), longer.image);
    const { image: _d, trace: _dt, ...dfltRow } = dflt;
    const { image: _l, trace: longerTrace, ...longerRow } = longer;
    // The longer run follows the default's path up to the default's stop: its loss every 10
    // iterations tells how far any lower cap would have got.
    const lossEvery10 = longerTrace.filter((p) => p.iteration % 10 === 0).map((p) => [p.iteration, Math.round(p.loss)]);
    const row = {
      pair: `${c} × ${s}`,
      size: fitLongSide(content.width, content.height, size),
      options: { stopTolerance: base.stopTolerance ?? DEFAULT_OPTIONS.stopTolerance, stopWindow: base.stopWindow ?? DEFAULT_OPTIONS.stopWindow, iterations: base.iterations ?? DEFAULT_OPTIONS.iterations },
      default: dfltRow,
      converged: { ...longerRow, lossEvery10 },
      lossAboveConverged: +(dflt.loss / longer.loss - 1).toFixed(4),
      // With --one-run the longer run has 3× the cap; this is the same measure at 3× the iterations the default ran.
      lossAbove3xItsRun: +(dflt.loss / (longerTrace.filter((p) => p.iteration <= times * dflt.iterations).reduce((a, p) => Math.min(a, p.loss), Infinity)) - 1).toFixed(4),
    };
    process.stdout.write(JSON.stringify(row) + "\n");
  }
  weights.dispose();
}

/** `--eta`: the probe, then each pair with the defaults; the pre-run estimate and the ETA against the real time. */
async function etaRuns(weights: VggWeights, shared: string, size: number, nPairs: number): Promise<void> {
  const o: Partial<StylizeOptions> = { preset: "lite", size, workingSize: size };
  const traces = [];
  for (const [c, s] of ETA_PAIRS.slice(0, nPairs)) {
    const content = await readImageFile(join(shared, "images", c));
    const style = await readImageFile(join(shared, "images", s));
    // Probed afresh before each run, as the panel does once per session: the machine's load moves.
    const { rate, ms: probeMs } = await probe(weights);
    const work = fitLongSide(content.width, content.height, size);
    const shape = { preset: "lite" as const, stopTolerance: DEFAULT_OPTIONS.stopTolerance, styleCount: 1, contents: [[{ width: work[0], height: work[1], iterations: DEFAULT_OPTIONS.iterations, crops: [work] }]] };
    const estimateMs = estimateRunMs(rate, shape);
    const run = await runOnce(weights, content, style, o, false);
    const { trace, image: _image, ...rest } = run;
    const realMs = run.seconds * 1000;
    const row = { pair: `${c} × ${s}`, size: work, probe: { ...rate, ms: Math.round(probeMs) }, estimateS: +(estimateMs / 1000).toFixed(1), estimateError: +(estimateMs / realMs - 1).toFixed(3), ...rest, load: loadAverage() };
    traces.push({ ...row, trace });
    process.stdout.write(JSON.stringify(row) + "\n");
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/eta-traces.json", JSON.stringify(traces));
  }
}

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "";
  }
}

await main();

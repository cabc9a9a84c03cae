/**
 * `npm run bench:profile -- [--size 256] [--json FILE]`: where the seconds of a default
 * run go (lite, the real weights in weights/lite, tubingen × starry night from ../shared/images,
 * wasm in Node). JSON on stdout (and bench-results/profile-<size>.json), tables on stderr:
 *  - by scale: wall seconds, iterations, evaluations, ms per evaluation, the loss at the scale's
 *    start (its first evaluation, after upsampling) and end;
 *  - by kernel group and by kernel, per evaluation at each scale, from a timed wrapper around every
 *    wasm kernel (kernel-timer.ts), with what is outside kernels (device reads, JS, event-loop turns);
 *  - one evaluation per scale under tf.profile, whose kernelTimeMs the wrapper's sums are checked against.
 *
 * The run is stylize's own steps (the objective, L-BFGS, optimiseScale, the initial image) put in
 * stylize's order, so the objective can be told from the optimiser around it.
 */
import * as tf from "@tensorflow/tfjs-core";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createObjectivePaced, styleGramsPaced, type ScaleObjective } from "../src/engine/objective";
import { initialImage } from "../src/engine/initial-image";
import { tapsOf } from "../src/engine/layers";
import { historyPairsAt } from "../src/engine/memory";
import { optimiseScale } from "../src/engine/optimise-scale";
import { createLbfgs } from "../src/engine/optimizers/lbfgs";
import type { Objective } from "../src/engine/optimizers/optimizer";
import { resolveOptions } from "../src/engine/options";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { runLayers, runSizes, styleSizeAt } from "../src/engine/run-sizes";
import { strengthToRatio } from "../src/engine/strength";
import type { RgbaImage, StylizeOptions } from "../src/engine/types";
import { createVgg19 } from "../src/engine/vgg19";
import type { VggWeights } from "../src/engine/vgg-weights";
import { createPacer } from "../src/engine/yield";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";
import { findPackageRoot } from "../src/cli/package-root";
import { cpuInfo } from "./host-probe";
import { KERNEL_GROUPS, kernelGroup, type KernelGroup } from "./kernel-groups";
import { installKernelTimer, type KernelTimer } from "./kernel-timer";

export interface ScaleProfile {
  scale: number;
  width: number;
  height: number;
  wallS: number;
  /** Seconds before the first evaluation: the scale's style Grams, content target and start image. */
  setupS: number;
  iterations: number;
  evaluations: number;
  /** Wall ms of the optimisation (start evaluation + steps) per evaluation. */
  msPerEvaluation: number;
  lossStart: number;
  lossEnd: number;
  /** Per evaluation: kernel ms by group (the optimiser's groups included), device reads, and the rest. */
  perEvaluation: { groups: Record<string, number>; kernelsMs: number; readsMs: number; outsideKernelsMs: number; wallMs: number };
  /** The objective's kernels per evaluation, dearest first. */
  kernels: Array<{ name: string; group: KernelGroup; msPerEvaluation: number; callsPerEvaluation: number; share: number }>;
  /** One evaluation under tf.profile: the sum of its kernels' kernelTimeMs, its wall time, its kernel count. */
  tfProfile: { kernelMs: number; wallMs: number; kernels: number };
}

export interface ProfileReport {
  date: string;
  load: number[];
  host: { model: string; simd: string };
  backend: string;
  options: Pick<StylizeOptions, "preset" | "size" | "workingSize" | "strength" | "iterations" | "stopTolerance" | "stopWindow" | "historySize" | "scales">;
  pair: [string, string];
  wallS: number;
  evaluations: number;
  iterations: number;
  lossEnd: number;
  scales: ScaleProfile[];
  /** Whole run: seconds by group, reads and outside kernels (setup included). */
  totals: { groupsS: Record<string, number>; readsS: number; outsideKernelsS: number };
  timing: string;
}

const r1 = (v: number) => +v.toFixed(1);
const r3 = (v: number) => +v.toPrecision(3);

async function profileRun(weights: VggWeights, content: RgbaImage, style: RgbaImage, options: Partial<StylizeOptions>, timer: KernelTimer): Promise<Omit<ProfileReport, "date" | "load" | "host" | "pair" | "timing">> {
  const o = resolveOptions(options);
  if (o.preserveColors || o.optimizer !== "lbfgs") throw new Error("the profile runs the default path: L-BFGS, colours not preserved");
  const t0 = performance.now();
  const pause = createPacer();
  const sizes = runSizes(content, o, false, [style]);
  const ratio = strengthToRatio(o.strength, o.preset);
  const { styleLayers, contentLayer } = runLayers(o);
  timer.label = { scale: -1, phase: "setup" };
  const contentNet = rgbaToRgbTensor(content);
  const styleNet = rgbaToRgbTensor(style);
  const net = createVgg19(weights, tapsOf(styleLayers, contentLayer), { pooling: o.pooling });
  const scales: Array<Omit<ScaleProfile, "perEvaluation" | "kernels">> = [];
  let x: tf.Tensor4D | null = null;
  let lossEnd = NaN;
  try {
    for (let si = 0; si < sizes.sizes.length; si++) {
      const [w, h] = sizes.sizes[si];
      const ts = performance.now();
      timer.label = { scale: si, phase: "setup" };
      const owned: Array<{ dispose(): void }> = [];
      try {
        // As stylize's runScale: this scale's targets, its start from the previous best, its optimisation.
        const contentAt = resize(contentNet, h, w);
        owned.push(contentAt);
        const [sw, sh] = styleSizeAt(style, w, h, o.styleScale);
        const styleAt = resize(styleNet, sh, sw);
        const grams = await styleGramsPaced(net, [{ rgb: styleAt, weight: 1 }], Object.keys(styleLayers), pause);
        styleAt.dispose();
        owned.push(...Object.values(grams));
        const objective: ScaleObjective = await createObjectivePaced(net, contentAt, grams, { styleLayers, contentLayer, ratio, tvWeight: o.tvWeight }, pause);
        owned.push(objective);
        const x0 = initialImage(w, h, { previous: x, mode: o.init, seed: o.seed, preserveColors: false, contentAt });
        x?.dispose();
        x = null;
        const f: Objective = async (xi) => {
          timer.label = { scale: si, phase: "objective" };
          try {
            return await objective.evaluate(xi);
          } finally {
            timer.label = { scale: si, phase: "optimiser" };
          }
        };
        // As stylize's makeOptimizer: the history's length as the memory model allows at this scale.
        const opt = createLbfgs(f, { historySize: historyPairsAt(w, h, o.historySize) });
        owned.push(opt);
        timer.label = { scale: si, phase: "optimiser" };
        const setupS = (performance.now() - ts) / 1000;
        const tOpt = performance.now();
        let evaluations = 0;
        let iterations = 0;
        const outcome = await optimiseScale(opt, x0, { iterations: o.iterations, rule: { tolerance: o.stopTolerance, window: o.stopWindow } }, {
          onStart: (r) => (evaluations += r.evaluations),
          onStep: ({ report }) => {
            evaluations += report.evaluations;
            iterations++;
          },
        });
        const optMs = performance.now() - tOpt;
        x = outcome.best;
        lossEnd = outcome.end.total;
        // One more evaluation, under tf.profile and outside the scale's totals: tf.profile's own kernel times.
        timer.label = { scale: -2, phase: "objective" };
        const tp = performance.now();
        const prof = await tf.profile(async () => {
          const e = await objective.evaluate(x!);
          await e.loss.data();
          tf.dispose([e.loss, e.parts, e.grad]);
        });
        // Only registered kernels: tf.profile also lists the scope of a custom gradient around the kernels inside it.
        const real = prof.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()));
        const tfProfile = { kernelMs: r1(real.reduce((a, k) => a + (k.kernelTimeMs as number), 0)), wallMs: r1(performance.now() - tp), kernels: real.length };
        scales.push({ scale: si, width: w, height: h, wallS: +((performance.now() - ts) / 1000 - tfProfile.wallMs / 1000).toFixed(2), setupS: +setupS.toFixed(2), iterations, evaluations, msPerEvaluation: r1(optMs / evaluations), lossStart: outcome.start.total, lossEnd: outcome.end.total, tfProfile });
      } finally {
        for (const t of owned) t.dispose();
      }
    }
  } finally {
    timer.label = { scale: -1, phase: "setup" };
    x?.dispose();
    net.dispose();
    tf.dispose([contentNet, styleNet]);
  }
  const wallS = (performance.now() - t0) / 1000 - scales.reduce((a, s) => a + s.tfProfile.wallMs / 1000, 0);
  return { ...summarise(scales, timer, wallS), backend: tf.getBackend(), options: pickOptions(o), evaluations: scales.reduce((a, s) => a + s.evaluations, 0), iterations: scales.reduce((a, s) => a + s.iterations, 0), lossEnd, wallS: +wallS.toFixed(1) };
}

function pickOptions(o: StylizeOptions): ProfileReport["options"] {
  const { preset, size, workingSize, strength, iterations, stopTolerance, stopWindow, historySize, scales } = o;
  return { preset, size, workingSize, strength, iterations, stopTolerance, stopWindow, historySize, scales };
}

/** The timer's totals into per-evaluation figures per scale, and whole-run seconds by group. */
function summarise(scales: Array<Omit<ScaleProfile, "perEvaluation" | "kernels">>, timer: KernelTimer, wallS: number): Pick<ProfileReport, "scales" | "totals"> {
  const totals = timer.totals().filter((t) => t.scale !== -2);
  const reads = timer.reads().filter((r) => r.scale !== -2);
  const out: ScaleProfile[] = scales.map((s) => {
    const mine = totals.filter((t) => t.scale === s.scale && t.phase !== "setup");
    const n = s.evaluations;
    const groups: Record<string, number> = {};
    for (const t of mine) groups[kernelGroup(t.name, t.phase)] = (groups[kernelGroup(t.name, t.phase)] ?? 0) + t.ms / n;
    const kernelsMs = mine.reduce((a, t) => a + t.ms, 0) / n;
    const readsMs = (reads.find((r) => r.scale === s.scale)?.ms ?? 0) / n;
    const objective = mine.filter((t) => t.phase === "objective");
    const objectiveMs = objective.reduce((a, t) => a + t.ms, 0);
    const kernels = objective
      .map((t) => ({ name: t.name, group: kernelGroup(t.name, t.phase), msPerEvaluation: r3(t.ms / n), callsPerEvaluation: r3(t.calls / n), share: +(t.ms / objectiveMs).toFixed(3) }))
      .sort((a, b) => b.msPerEvaluation - a.msPerEvaluation);
    for (const k of Object.keys(groups)) groups[k] = r3(groups[k]);
    return { ...s, perEvaluation: { groups, kernelsMs: r3(kernelsMs), readsMs: r3(readsMs), outsideKernelsMs: r3(s.msPerEvaluation - kernelsMs - readsMs), wallMs: s.msPerEvaluation }, kernels };
  });
  const groupsS: Record<string, number> = {};
  for (const t of totals) groupsS[kernelGroup(t.name, t.phase)] = (groupsS[kernelGroup(t.name, t.phase)] ?? 0) + t.ms / 1000;
  const kernelS = Object.values(groupsS).reduce((a, v) => a + v, 0);
  const readsS = reads.reduce((a, r) => a + r.ms, 0) / 1000;
  for (const k of Object.keys(groupsS)) groupsS[k] = +groupsS[k].toFixed(2);
  return { scales: out, totals: { groupsS, readsS: +readsS.toFixed(2), outsideKernelsS: +(wallS - kernelS - readsS).toFixed(2) } };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function formatProfile(r: ProfileReport): string {
  const lines = [`profile: ${r.pair.join(" × ")}, ${r.options.preset}, ${r.backend}, size ${r.options.size}; ${r.host.model} (${r.host.simd}); load ${r.load.map((v) => v.toFixed(2)).join(" ")}`];
  lines.push(`whole run ${r.wallS} s, ${r.iterations} iterations, ${r.evaluations} evaluations, final loss ${r.lossEnd.toPrecision(5)}`);
  lines.push("", "scale  size       wall s  setup s  iters  evals  ms/eval  µs/eval/kpx  loss start  loss end");
  for (const s of r.scales) {
    const kpx = (s.width * s.height) / 1000;
    lines.push(`${pad(s.scale, 5)}  ${`${s.width}×${s.height}`.padEnd(9)}  ${pad(s.wallS.toFixed(1), 6)}  ${pad(s.setupS.toFixed(2), 7)}  ${pad(s.iterations, 5)}  ${pad(s.evaluations, 5)}  ${pad(s.msPerEvaluation.toFixed(1), 7)}  ${pad(((s.msPerEvaluation * 1000) / kpx).toFixed(0), 11)}  ${pad(s.lossStart.toPrecision(4), 10)}  ${pad(s.lossEnd.toPrecision(4), 8)}`);
  }
  const cols = [...KERNEL_GROUPS.filter((g) => g !== "targets and setup"), "reads", "outside kernels"];
  lines.push("", "ms per evaluation by group (share of the evaluation's wall time)");
  lines.push(`${"group".padEnd(20)}${r.scales.map((s) => pad(`${s.width}×${s.height}`, 18)).join("")}`);
  for (const g of cols) {
    const cells = r.scales.map((s) => {
      const v = g === "reads" ? s.perEvaluation.readsMs : g === "outside kernels" ? s.perEvaluation.outsideKernelsMs : (s.perEvaluation.groups[g] ?? 0);
      return pad(`${v.toFixed(1)} (${((100 * v) / s.perEvaluation.wallMs).toFixed(1)} %)`, 18);
    });
    lines.push(`${g.padEnd(20)}${cells.join("")}`);
  }
  lines.push(`${"wall".padEnd(20)}${r.scales.map((s) => pad(s.perEvaluation.wallMs.toFixed(1), 18)).join("")}`);
  lines.push(`${"tf.profile (1 eval)".padEnd(20)}${r.scales.map((s) => pad(`${s.tfProfile.kernelMs} of ${s.tfProfile.wallMs}`, 18)).join("")}`);
  for (const s of r.scales) {
    lines.push("", `scale ${s.scale} (${s.width}×${s.height}), the objective's kernels: ms per evaluation, calls, share of the objective's kernel time`);
    for (const k of s.kernels.filter((k) => k.share >= 0.005)) lines.push(`  ${k.name.padEnd(22)} ${k.group.padEnd(20)} ${pad(k.msPerEvaluation.toFixed(2), 8)}  ${pad(k.callsPerEvaluation, 5)}  ${pad((100 * k.share).toFixed(1), 5)} %`);
  }
  lines.push("", `whole run, seconds: ${Object.entries(r.totals.groupsS).map(([g, v]) => `${g} ${v}`).join(", ")}, reads ${r.totals.readsS}, outside kernels ${r.totals.outsideKernelsS}`);
  lines.push(r.timing);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: "string" }, json: { type: "string" }, content: { type: "string" }, style: { type: "string" } } });
  const size = Number(values.size ?? 256);
  if (!Number.isInteger(size) || size < 16 || size > 2048) throw new Error(`--size wants a whole number of pixels in 16–2048, got "${values.size}"`);
  const root = findPackageRoot();
  const images = resolve(root, "../shared/images");
  const pair: [string, string] = [values.content ?? join(images, "content_tubingen.jpg"), values.style ?? join(images, "style_starry_night.jpg")];
  await useNodeBackend("wasm");
  const weights = await loadWeightsFromDir(join(root, "weights/lite"));
  const [content, style] = [await readImageFile(pair[0]), await readImageFile(pair[1])];
  const options: Partial<StylizeOptions> = { preset: "lite", size, workingSize: size };
  const load = loadavg();
  const timer = installKernelTimer();
  let run;
  try {
    run = await profileRun(weights, content, style, options, timer);
  } finally {
    timer.uninstall();
  }
  const report: ProfileReport = {
    date: new Date().toISOString(),
    load: [...load, ...loadavg()].map((v) => +v.toFixed(2)),
    host: cpuInfo(),
    pair: [pair[0].split("/").pop()!, pair[1].split("/").pop()!],
    ...run,
    timing: "kernel times: each wasm kernel's wall time (synchronous on wasm) from a wrapper re-registered around it; reads: the backend's readSync; outside kernels: the rest of the wall time (JS, the optimiser's CPU-side two-loop, event-loop turns). load: 1/5/15-min averages at the start, then at the end.",
  };
  weights.dispose();
  const json = JSON.stringify(report, null, 1);
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, "bench-results", `profile-${size}.json`), json);
  if (values.json) writeFileSync(values.json, json);
  process.stdout.write(json + "\n");
  process.stderr.write("\n" + formatProfile(report) + "\n");
}

await main();

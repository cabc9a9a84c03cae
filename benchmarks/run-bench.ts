/**
 * `npm run bench`: timing matrix (each Node combination in its own process, WebGL in one
 * Chromium page) with peak memory, the PyTorch side-by-side and, when asked, time to quality
 * against PyTorch L-BFGS. Returns one JSON-able report.
 */
import * as tf from "@tensorflow/tfjs-core";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { strengthToRatio } from "../src/engine/strength";
import { DEFAULT_OPTIONS } from "../src/engine/defaults";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { fitLongSide } from "../src/engine/scale-sizes";
import type { RgbaImage, StylizeOptions } from "../src/engine/types";
import type { VggWeights } from "../src/engine/vgg-weights";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";
import { sampleContent, sampleStyle } from "../src/cli/sample-images";
import type { BenchSettings } from "./bench-args";
import { combos, Throughput, type Combo } from "./budget";
import { runBrowserTimings } from "./browser-bench";
import { timeToLoss, traceMethod } from "./convergence";
import { iterationFlops } from "./flops";
import type { WorkerRequest, WorkerResult } from "./node-worker";
import { WORKER_FLAG } from "./node-worker";
import { ratiosFor, type BenchReport, type QualityReport, type TimingRow } from "./report";
import { convProbe, cpuInfo } from "./host-probe";
import { runJsonChild } from "./run-child";
import { lineChartSvg } from "./svg-plot";
import type { TimingResult } from "./time-iterations";
import { findTorch, runTorchIter, runTorchProbe, TORCH_QUALITY_TIMEOUT_MS, torchEnv, type TorchRow } from "./torch-runner";
import { referenceRow, type TorchQualityLine } from "./quality-reference";
import { messageOf } from "../src/kit/message-of";
import { resolutionSection, type TiledEvaluationAt } from "./resolution-section";

export interface BenchContext {
  root: string;
  /** The bench bundle itself: Node workers re-run it with --worker. */
  self: string;
  log: (s: string) => void;
  /** The resolution section's one tiled evaluation at 4096 px (see resolution-section.ts); absent: the memory model's plan alone. */
  tiledEvaluationAt?: TiledEvaluationAt;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / 2 ** 20));

function okRow(c: Combo, r: TimingResult & { peakRssMB?: number }): TimingRow {
  const flops = iterationFlops(c.preset, c.size) / 1e9;
  return {
    ...c,
    status: "ok",
    medianMs: r.medianMs,
    timedMs: r.timedMs,
    warmupMs: r.warmupMs,
    gflopPerIteration: +flops.toFixed(2),
    gflops: +(flops / (r.medianMs / 1000)).toFixed(2),
    peakRssMB: r.peakRssMB,
    peakTensorMB: mb(r.peakTensorBytes),
    peakGpuMB: mb(r.peakGpuBytes),
    gpuAllocatedMB: mb(r.gpuBytesAllocated),
  };
}

function notRun(c: Combo, status: "skipped" | "failed", reason: string, projectedS?: number): TimingRow {
  return { ...c, status, reason, gflopPerIteration: +(iterationFlops(c.preset, c.size) / 1e9).toFixed(2), projectedS };
}

async function timingMatrix(s: BenchSettings, ctx: BenchContext): Promise<{ rows: TimingRow[]; webgl?: BenchReport["webgl"] }> {
  const rows: TimingRow[] = [];
  const fast = new Throughput();
  const itersPerCombo = s.warmup + s.iterations + (s.profile ? 1 : 0);
  const budgetMs = s.budgetS * 1000;
  const projectS = (c: Combo) => Math.round(fast.projectMs(c, itersPerCombo) / 1000);
  const skip = (c: Combo) =>
    notRun(c, "skipped", `projected ${projectS(c)} s > budget ${s.budgetS} s (raise --budget or narrow --sizes/--presets/--backends)`, projectS(c));
  const request = (c: Combo) => ({ preset: c.preset, size: c.size, iterations: s.iterations, warmup: s.warmup, budgetMs, profile: s.profile });
  let webgl: BenchReport["webgl"];

  for (const backend of s.backends) {
    const list = combos([backend], s.presets, s.sizes);
    if (backend === "webgl") {
      const run = await runBrowserTimings(ctx.root, list.map(request), {
        timeoutMs: Math.max(600_000, budgetMs * 3),
        log: ctx.log,
        before: (req) => {
          const c: Combo = { backend, preset: req.preset, size: req.size };
          if (projectS(c) * 1000 <= budgetMs) {
            ctx.log(`timing webgl ${req.preset} ${req.size} px, projected ${projectS(c)} s…`);
            return true;
          }
          rows.push(skip(c));
          return false;
        },
        onResult: (req, r) => fast.record({ backend, preset: req.preset, size: req.size }, r.medianMs),
      }).catch((e: unknown) => ({ error: messageOf(e) }));
      if ("error" in run) {
        for (const c of list) rows.push(notRun(c, "failed", `Chromium: ${run.error.split("\n")[0]}`));
        continue;
      }
      if (run.info)
        webgl = {
          renderer: run.info.renderer,
          vendor: run.info.vendor,
          webglVersion: run.info.webglVersion,
          userAgent: run.info.userAgent,
          console: run.console.slice(0, 20),
        };
      for (const { req, result, error } of run.results) {
        const c: Combo = { backend, preset: req.preset, size: req.size };
        rows.push(result ? okRow(c, result) : notRun(c, "failed", error ?? "unknown"));
      }
      continue;
    }
    for (const c of list) {
      const projected = projectS(c);
      if (projected * 1000 > budgetMs) {
        rows.push(skip(c));
        continue;
      }
      ctx.log(`timing ${c.backend} ${c.preset} ${c.size} px, projected ${projected} s…`);
      const req: WorkerRequest = { backend, ...request(c) };
      const out = await runJsonChild<WorkerResult>(process.execPath, [ctx.self, WORKER_FLAG, JSON.stringify(req)], {
        timeoutMs: Math.max(120_000, projected * 4000, budgetMs * 2),
      });
      const r = out.value?.[out.value.length - 1];
      if (!out.ok || !r) {
        rows.push(notRun(c, "failed", out.error ?? "no result"));
        continue;
      }
      fast.record(c, r.medianMs);
      rows.push(okRow(c, r));
    }
  }
  // WebGL's skipped rows are noted before its measured ones: restore matrix order for the table.
  const order = (r: TimingRow) => [s.backends.indexOf(r.backend), s.presets.indexOf(r.preset), r.size];
  rows.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x.map((v, i) => v - y[i]).find((d) => d !== 0) ?? 0;
  });
  return { rows, webgl };
}

async function torchSide(s: BenchSettings, ctx: BenchContext): Promise<BenchReport["torch"]> {
  if (!s.torch) return { available: false, note: "not run (--no-torch)", rows: [] };
  const env = findTorch();
  if (env.unavailable) return { available: false, note: `not run: ${env.unavailable}`, rows: [] };
  const rows: TorchRow[] = [];
  const errors: string[] = [];
  for (const preset of s.presets) {
    ctx.log(`PyTorch ${env.version}: ${preset} preset at ${s.sizes.join(", ")} px…`);
    const r = await runTorchIter(env, ctx.root, preset, s.sizes, { iters: 5, timeoutMs: 900_000, weightsRaw: join(s.shared, "vgg19") });
    rows.push(...r.rows);
    if (r.error) errors.push(`${preset}: ${r.error}`);
  }
  const note = `torch ${env.version} (${env.python}), this run: benchmarks/torch_reference.py${errors.length ? "; errors: " + errors.join("; ") : ""}`;
  return { available: true, version: env.version, note, rows };
}

async function loadImages(s: BenchSettings): Promise<{ content: RgbaImage; style: RgbaImage }> {
  const c = join(s.shared, "images/content_tubingen.jpg");
  const st = join(s.shared, "images/style_starry_night.jpg");
  if (existsSync(c) && existsSync(st)) return { content: await readImageFile(c), style: await readImageFile(st) };
  return { content: sampleContent(), style: sampleStyle() };
}

function plot(dir: string, name: string, title: string, traces: Array<{ name: string; points: Array<[number, number]> }>, xLabel: string): string {
  const file = join(dir, name);
  writeFileSync(file, lineChartSvg({ title, xLabel, yLabel: "loss", series: traces }));
  return file;
}

async function liteWeights(root: string, explicit?: string): Promise<VggWeights | string> {
  const dir = explicit ?? join(root, "weights/lite");
  try {
    return await loadWeightsFromDir(dir);
  } catch (e) {
    return `real lite weights not loadable from ${dir} (${messageOf(e)})`;
  }
}

/** Float32 RGB HxWx3 + a JSON sidecar with the dims: what torch_reference.py quality reads. */
async function writeRgb(path: string, t: tf.Tensor4D): Promise<void> {
  const [, h, w] = t.shape;
  writeFileSync(path, Buffer.from((await t.data()).buffer as ArrayBuffer));
  writeFileSync(path + ".json", JSON.stringify({ width: w, height: h }));
}

/** Time to quality: Restyle's default run against PyTorch L-BFGS to the same loss, in seconds and evaluations. */
async function quality(s: BenchSettings, ctx: BenchContext, plots: string[], long: number): Promise<QualityReport> {
  await useNodeBackend("wasm");
  const weights = await liteWeights(ctx.root, s.weightsDir);
  const { content, style } = await loadImages(s);
  const size = fitLongSide(content.width, content.height, long);
  if (typeof weights === "string") return { size, torch: { error: weights } };
  const env = findTorch();
  if (env.unavailable) {
    weights.dispose();
    return { size, torch: { error: env.unavailable } };
  }
  const opts: Partial<StylizeOptions> & { workingSize: number } = { preset: "lite", workingSize: long };
  const o = { ...DEFAULT_OPTIONS, ...opts };
  const scratch = mkdtempSync(join(tmpdir(), "restyle-quality-"));
  try {
    // The exact tensors the engine optimises against at the final scale (stylize.ts: content resized, style fit to the long side).
    const c = tf.tidy(() => resize(rgbaToRgbTensor(content), size[1], size[0]));
    const [sw, sh] = fitLongSide(style.width, style.height, Math.max(16, Math.round(Math.max(...size) * o.styleScale)));
    const st = tf.tidy(() => resize(rgbaToRgbTensor(style), sh, sw));
    await writeRgb(join(scratch, "content.bin"), c);
    await writeRgb(join(scratch, "style.bin"), st);
    tf.dispose([c, st]);
    const ratio = strengthToRatio(o.strength, "lite");
    ctx.log(`quality: PyTorch L-BFGS, ${s.qualityEvals} evaluations at ${size.join("×")}…`);
    const args = [
      join(ctx.root, "benchmarks/torch_reference.py"),
      "quality",
      "--preset",
      "lite",
      "--content",
      join(scratch, "content.bin"),
      "--style",
      join(scratch, "style.bin"),
    ];
    args.push("--evals", String(s.qualityEvals), "--ratio", String(ratio), "--tv-weight", String(o.tvWeight), "--weights", join(s.shared, "vgg19"));
    const r = await runJsonChild<TorchQualityLine>(env.python, args, { timeoutMs: TORCH_QUALITY_TIMEOUT_MS, env: torchEnv() });
    const ref = referenceRow(r);
    if ("error" in ref) return { size, torch: ref };
    // The target: the reference's best loss in its evaluations.
    const strong = ref.row;
    const strongTrace = ref.line.trace;
    const target = strong.bestLoss;
    // What a run with no options does, given as many full-size-equivalent evaluations as PyTorch had
    // and stopped as soon as the target is reached.
    const budget = s.qualityEvals;
    ctx.log(`quality: the default run, up to ${budget} full-size-equivalent evaluations, or until loss ${target.toPrecision(5)}…`);
    const best = await traceMethod(weights, content, style, "default run (stops by convergence)", { ...opts, iterations: budget }, budget, ctx.log, target);
    const hit = timeToLoss(best.points, target);
    // Where the target is out of reach, the same ratio at Restyle's own best (the reference's trace passes it).
    const own = best.points.reduce((a, p) => (p.loss < a.loss ? p : a));
    const torchAtOwn = strongTrace.find(([, , l]) => l <= own.loss);
    const atOwnBest = {
      loss: own.loss,
      ours: { evals: own.evals, seconds: own.seconds },
      torch: torchAtOwn ? { evals: torchAtOwn[0], seconds: torchAtOwn[1] } : null,
      timeRatio: torchAtOwn ? +(own.seconds / torchAtOwn[1]).toFixed(3) : null,
      evalRatio: torchAtOwn ? +(own.evals / torchAtOwn[0]).toFixed(3) : null,
    };
    const series = (x: (p: { evals: number; seconds: number }) => number) => [
      { name: "PyTorch L-BFGS (strong Wolfe)", points: strongTrace.map(([e, sec, l]) => [x({ evals: e, seconds: sec }), l] as [number, number]) },
      { name: `Restyle ${best.method}`, points: best.points.map((p) => [x(p), p.loss] as [number, number]) },
    ];
    for (const [axis, label] of [
      ["evals", "full-size-equivalent gradient evaluations"],
      ["seconds", "seconds"],
    ] as const) {
      const title = `Time to quality, lite, ${size.join("×")}: loss vs ${axis === "evals" ? "evaluations" : "seconds"}`;
      plots.push(
        plot(
          s.outDir,
          `quality-${axis}-${long}.svg`,
          title,
          series((p) => p[axis]),
          label,
        ),
      );
    }
    return {
      size,
      torch: strong,
      target,
      ours: {
        method: best.method,
        reachedAtEvals: hit?.evals ?? null,
        reachedAtSeconds: hit?.seconds ?? null,
        bestLoss: best.finalLoss,
        evalFraction: hit ? +(hit.evals / strong.evals).toFixed(3) : null,
      },
      timeRatio: hit ? +(hit.seconds / strong.bestAtSeconds).toFixed(3) : null,
      atOwnBest,
      traces: [best],
      torchTrace: strongTrace,
    };
  } finally {
    weights.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The single-conv probe on wasm here and in PyTorch (when torch runs in this bench). */
async function hostProbe(s: BenchSettings, ctx: BenchContext): Promise<BenchReport["probe"]> {
  const size = 128;
  await useNodeBackend("wasm");
  const tfjs = await convProbe(size).catch((e: unknown) => ({ error: messageOf(e) }));
  if (!s.torch) return { tfjs };
  const env = findTorch();
  const torch = env.unavailable ? { error: env.unavailable } : await runTorchProbe(env, ctx.root, size);
  ctx.log(`conv probe: tfjs ${"gflops" in tfjs ? tfjs.gflops : "-"} GFLOP/s, PyTorch ${"gflops" in torch ? torch.gflops : "-"} GFLOP/s`);
  return { tfjs, torch };
}

export async function runBench(s: BenchSettings, ctx: BenchContext): Promise<BenchReport> {
  mkdirSync(s.outDir, { recursive: true });
  const plots: string[] = [];
  const { rows, webgl } = s.timing ? await timingMatrix(s, ctx) : { rows: [], webgl: undefined };
  const torch = s.timing ? await torchSide(s, ctx) : { available: false, note: "not run (--no-timing)", rows: [] };
  const host = cpuInfo();
  const report: BenchReport = {
    version: 1,
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: host.model,
      simd: host.simd,
      totalMemMB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      load: loadavg(),
    },
    probe: await hostProbe(s, ctx),
    settings: { ...s },
    timing: rows,
    webgl,
    torch,
    ratios: ratiosFor(rows, torch.rows),
    plots,
  };
  if (s.quality) {
    report.quality = [];
    for (const long of s.qualitySizes) report.quality.push(await quality(s, ctx, plots, long));
  }
  if (s.resolution) report.resolution = await resolutionSection({ ...s, resolution: s.resolution }, ctx);
  return report;
}

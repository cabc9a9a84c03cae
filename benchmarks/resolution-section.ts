/**
 * The `resolution` section of `npm run bench` (painting at size): seconds and peak memory of
 * one scale at each size on wasm (each size in its own process) and on WebGL in Chromium, one
 * tiled evaluation against one untiled, 4096 px from the memory model, quality at 1024 px,
 * coarse-to-fine against one scale, and Adam's first steps at a fine scale. Every figure carries
 * the load average it was measured under; seconds are also given as a ratio to the reference (the
 * first wasm size's evaluation), measured in the same bench run.
 */
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { useNodeBackend } from "../src/node/backend";
import { presetLayers } from "../src/weights/core/preset-layers";
import { randomVggWeights } from "../src/weights/core/random";
import { resolveOptions } from "../src/engine/options";
import { runSizes } from "../src/engine/stylize";
import type { RgbaImage } from "../src/engine/types";
import { messageOf } from "../src/kit/message-of";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";
import { adamStart } from "./adam-start";
import type { BenchSettings as AllSettings, ResolutionSettings } from "./bench-args";

/** The bench's settings with the resolution section asked for. */
type BenchSettings = AllSettings & { resolution: ResolutionSettings };
import { runBenchPage } from "./browser-bench";
import { C2F_VARIANTS, summariseCoarseToFine, traceVariant } from "./coarse-to-fine";
import { cropSheet, qualityAtSize } from "./quality-at-size";
import type { ResolutionReport, ResolutionRow, Plan4096 } from "./resolution-report";
import { runJsonChild } from "./run-child";
import { sizeCost, type SizeCostRequest, type SizeCostResult } from "./size-cost";
import { tileOverheadAt, type TileOverhead } from "./resolution";
import { encodePng } from "../src/node/image-io";
import { writeFileSync } from "node:fs";

export const RESOLUTION_WORKER_FLAG = "--resolution-worker";

/** The target for one tiled evaluation over one untiled (docs/perf/resolution.md, section 3). */
const TILE_OVERHEAD_TARGET = 1.3;

/** What a resolution worker process is asked: one size's cost, or the tile overhead at one size (the planner's grid, real lite weights). */
export type ResolutionJob = { kind: "size"; req: SizeCostRequest } | { kind: "overhead"; size: number; weightsDir?: string };

/**
 * One tiled evaluation at a size past what fits untiled, with its measured peak. The off-device
 * 4096 px path provides one (benchmarks/resolution.ts); until it is passed in, the 4096 px figure
 * is the memory model's plan alone.
 */
export type TiledEvaluationAt = (size: number, memoryBudgetMB: number) => Promise<{ seconds: number; peakBytes: number; tiles: number }>;

interface SectionContext {
  root: string;
  self: string;
  log: (s: string) => void;
  /** The 4096 px check; see TiledEvaluationAt. */
  tiledEvaluationAt?: TiledEvaluationAt;
}

const load = () => loadavg().map((l) => +l.toFixed(2));

/**
 * A resolution worker's job, in its own process (so one size's peak, failure and wasm heap are its
 * own): wasm; random lite weights for a size's cost (seconds and bytes do not depend on them).
 */
export async function runResolutionJob(root: string, job: ResolutionJob): Promise<SizeCostResult | TileOverhead> {
  if (job.kind === "overhead") return tileOverheadAt(job.size, job.weightsDir);
  await useNodeBackend("wasm");
  const weights = randomVggWeights(presetLayers("lite"), 1);
  const { content, style } = await benchImages(resolve(root, "../shared"));
  try {
    return await sizeCost(weights, content, style, job.req);
  } finally {
    weights.dispose();
  }
}

async function benchImages(shared: string): Promise<{ content: RgbaImage; style: RgbaImage }> {
  const dir = join(shared, "images");
  return { content: await readImageFile(join(dir, "content_tubingen.jpg")), style: await readImageFile(join(dir, "style_starry_night.jpg")) };
}

async function inChild<T>(ctx: SectionContext, job: ResolutionJob, timeoutMs: number): Promise<T | { error: string }> {
  const out = await runJsonChild<T>(process.execPath, [ctx.self, RESOLUTION_WORKER_FLAG, JSON.stringify(job)], { timeoutMs });
  const r = out.value?.[out.value.length - 1];
  return out.ok && r ? r : { error: out.error ?? "no result" };
}

async function wasmRows(s: BenchSettings, ctx: SectionContext): Promise<ResolutionRow[]> {
  const rows: ResolutionRow[] = [];
  for (const size of s.resolution.wasmSizes) {
    ctx.log(`resolution: wasm ${size} px (one evaluation, ${s.resolution.iterations} iterations)…`);
    const before = load();
    const req = { size, iterations: s.resolution.iterations, memoryBudgetMB: s.resolution.memoryBudgetMB };
    const r = await inChild<SizeCostResult>(ctx, { kind: "size", req }, s.resolution.timeoutS * 1000);
    rows.push({ backend: "wasm", long: size, load: [before, load()], ...("error" in r ? { error: r.error } : { result: r }) });
  }
  return rows;
}

async function webglRows(s: BenchSettings, ctx: SectionContext): Promise<ResolutionRow[]> {
  const reqs = s.resolution.webglSizes.map((size) => ({ size, iterations: s.resolution.iterations, memoryBudgetMB: s.resolution.memoryBudgetMB }));
  const loads = new Map<number, number[]>();
  const run = await runBenchPage<SizeCostRequest, SizeCostResult>(ctx.root, "resolution", reqs, {
    timeoutMs: s.resolution.timeoutS * 1000,
    log: ctx.log,
    before: (req) => {
      ctx.log(`resolution: webgl ${req.size} px…`);
      loads.set(req.size, load());
      return true;
    },
    // Each size's figures as it ends: a software renderer can take an hour a size, and a run stopped later keeps them.
    onResult: (req, result) => ctx.log(`resolution: webgl ${req.size} px: ${JSON.stringify(result)}`),
  }).catch((e: unknown) => ({ error: messageOf(e) }));
  if ("error" in run) return reqs.map((r) => ({ backend: "webgl", long: r.size, load: [load(), load()], error: `Chromium: ${run.error.split("\n")[0]}` }));
  return run.results.map(({ req, result, error }) => ({
    backend: "webgl" as const,
    long: req.size,
    load: [loads.get(req.size) ?? [], load()],
    renderer: run.info?.renderer,
    ...(result ? { result } : { error: error ?? "unknown" }),
  }));
}

/** One tiled evaluation against one untiled at each overhead size, each size in its own process. */
async function overheadRows(s: BenchSettings, ctx: SectionContext): Promise<NonNullable<ResolutionReport["tileOverhead"]>> {
  const rows: NonNullable<ResolutionReport["tileOverhead"]> = [];
  for (const size of s.resolution.overheadSizes) {
    ctx.log(`resolution: tiled against untiled at ${size} px (the planner's grid; fastest of three after two warm-ups)…`);
    const before = load();
    const r = await inChild<TileOverhead>(ctx, { kind: "overhead", size, weightsDir: s.weightsDir }, s.resolution.timeoutS * 1000);
    rows.push({ target: TILE_OVERHEAD_TARGET, long: size, load: [before, load()], ...("error" in r ? { error: r.error } : r) });
  }
  return rows;
}

/** The memory model's plan for a 4096 px output at each budget, and the tiled-evaluation check when one is wired in. */
async function plan4096(content: RgbaImage, style: RgbaImage, ctx: SectionContext): Promise<Plan4096[]> {
  const out: Plan4096[] = [];
  for (const memoryBudgetMB of [1024, 256]) {
    const sizes = runSizes(content, resolveOptions({ preset: "lite", size: 4096, memoryBudgetMB }), false, [style]);
    const plan = sizes.plan.map((p) => ({
      size: [p.width, p.height] as [number, number],
      tiles: p.tiles,
      optimizer: p.optimizer,
      state: p.state,
      modelledPeakMB: +(p.peakBytes / 2 ** 20).toFixed(1),
      withinBudget: p.withinBudget,
    }));
    const last = plan[plan.length - 1];
    // The plan is checked by one host-state tiled evaluation at 4096 px (benchmarks/resolution.ts), passed in as ctx.tiledEvaluationAt.
    const before = load();
    const check = ctx.tiledEvaluationAt
      ? await ctx.tiledEvaluationAt(4096, memoryBudgetMB).catch((e: unknown) => ({ error: messageOf(e) }))
      : { notRun: "no tiled evaluation was passed in: the figure is the memory model's" };
    out.push({ memoryBudgetMB, plan, modelledPeakMB: last.modelledPeakMB, withinBudget: last.withinBudget, check, load: [before, load()] });
  }
  return out;
}

async function qualityPart(s: BenchSettings, ctx: SectionContext): Promise<ResolutionReport["quality1024"]> {
  const weights = await loadWeightsFromDir(join(ctx.root, "weights/lite"));
  const dir = join(s.shared, "images/large");
  const images = { content: await readImageFile(join(dir, "content_tubingen_1024.jpg")), style: await readImageFile(join(dir, "style_starry_night_1280.jpg")) };
  const before = load();
  try {
    const { report, native, upscaled } = await qualityAtSize(
      weights,
      images,
      { iterations: s.resolution.qualityIterations, memoryBudgetMB: s.resolution.memoryBudgetMB, long: 512 },
      ctx.log,
    );
    const [w, h] = report.size;
    const side = 256;
    const regions: Array<[number, number]> = [
      [Math.round(w * 0.55), Math.round(h * 0.08)],
      [Math.round(w * 0.1), Math.round(h * 0.6)],
    ].map(([x, y]) => [Math.min(x, w - side), Math.min(y, h - side)]);
    const sheet = join(s.outDir, "quality-1024.png");
    writeFileSync(sheet, encodePng(cropSheet(upscaled, native, regions, side)));
    return { ...report, sheet, regions, load: [before, load()] };
  } finally {
    weights.dispose();
  }
}

async function coarseToFinePart(
  s: BenchSettings,
  ctx: SectionContext,
  images: { content: RgbaImage; style: RgbaImage },
): Promise<ResolutionReport["coarseToFine"]> {
  const weights = await loadWeightsFromDir(join(ctx.root, "weights/lite"));
  const before = load();
  try {
    const traces = [];
    for (const v of C2F_VARIANTS) traces.push(await traceVariant(weights, images, s.resolution.c2fSize, v, s.resolution.c2fEvals, ctx.log));
    return { ...summariseCoarseToFine(s.resolution.c2fSize, C2F_VARIANTS, traces), load: [before, load()] };
  } finally {
    weights.dispose();
  }
}

async function adamPart(s: BenchSettings, ctx: SectionContext, images: { content: RgbaImage; style: RgbaImage }): Promise<ResolutionReport["adamStart"]> {
  const weights = await loadWeightsFromDir(join(ctx.root, "weights/lite"));
  const before = load();
  try {
    const r = await adamStart(weights, images, { coarse: s.resolution.adamCoarse, coarseIterations: 40, steps: 5, learningRates: [4, 2, 1] }, ctx.log);
    return { ...r, load: [before, load()] };
  } finally {
    weights.dispose();
  }
}

export async function resolutionSection(s: AllSettings & { resolution: ResolutionSettings }, ctx: SectionContext): Promise<ResolutionReport> {
  const parts = new Set(s.resolution.parts);
  const images = await benchImages(s.shared);
  const rows = [...(parts.has("wasm") ? await wasmRows(s, ctx) : []), ...(parts.has("webgl") ? await webglRows(s, ctx) : [])];
  const ref = rows.find((r) => r.backend === "wasm" && r.result)?.result;
  for (const r of rows) if (r.result && ref) r.evaluationXReference = +(r.result.evaluation.seconds / ref.evaluation.seconds).toFixed(2);
  const report: ResolutionReport = {
    reference: ref ? { backend: "wasm", size: ref.size, evaluationSeconds: ref.evaluation.seconds } : null,
    memoryBudgetMB: s.resolution.memoryBudgetMB,
    rows,
  };
  if (parts.has("tiles")) report.tileOverhead = await overheadRows(s, ctx);
  if (parts.has("4096")) report.at4096 = await plan4096(images.content, images.style, ctx);
  if (parts.has("quality")) report.quality1024 = await qualityPart(s, ctx);
  if (parts.has("c2f")) report.coarseToFine = await coarseToFinePart(s, ctx, images);
  if (parts.has("adam")) report.adamStart = await adamPart(s, ctx, images);
  return report;
}

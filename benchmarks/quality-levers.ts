/**
 * `npm run bench:levers -- [--size 128] [--pairs tubingen,chelsea] [--variants a,b] [--budget 300]`:
 * which optimiser settings reach the strong-Wolfe PyTorch reference's losses in the fewest
 * full-size-equivalent evaluations (an evaluation at half size counts ¼). Counts, not seconds: they
 * do not depend on the machine's load.
 *
 * Each variant runs the engine's own scale step (objective, initial image, L-BFGS, the stop rule
 * of optimise-scale.ts) over the run's own sizes (run-sizes.ts), on the real lite weights; the
 * "engine" variant runs stylize() itself with its defaults, so the defaults are measured as
 * shipped. The reference (torch_reference.py quality --methods wolfe) runs once per pair and size
 * and is cached in the scratch directory (`--scratch`, default $TMPDIR/restyle-levers).
 * Prints one JSON line per variant, and a table on stderr.
 */
import * as tf from "@tensorflow/tfjs-core";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_OPTIONS } from "../src/engine/defaults";
import { isRestyleError } from "../src/engine/errors";
import { initialImage } from "../src/engine/initial-image";
import { withStyleColours } from "./style-colours";
import { tapsOf } from "../src/engine/layers";
import { historyPairsAt } from "../src/engine/memory";
import { createObjectivePaced, styleGramsPaced } from "../src/engine/objective";
import { optimiseScale } from "../src/engine/optimise-scale";
import { createLbfgs } from "../src/engine/optimizers/lbfgs";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { fitLongSide } from "../src/engine/scale-sizes";
import { runLayers, runSizes, styleSizeAt } from "../src/engine/run-sizes";
import { strengthToRatio } from "../src/engine/strength";
import { stylize } from "../src/engine/stylize";
import type { Progress, RgbaImage, StylizeOptions } from "../src/engine/types";
import { createVgg19 } from "../src/engine/vgg19";
import type { VggWeights } from "../src/engine/vgg-weights";
import { findPackageRoot } from "../src/cli/package-root";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";
import { runJsonChild } from "./run-child";
import { findTorch, TORCH_QUALITY_TIMEOUT_MS, torchEnv } from "./torch-runner";

const PAIRS: Record<string, [string, string]> = {
  tubingen: ["content_tubingen.jpg", "style_starry_night.jpg"],
  chelsea: ["content_chelsea.jpg", "style_great_wave.jpg"],
};

interface Variant {
  lineSearch: "wolfe" | "armijo";
  historySize: number;
  scales: number[];
  /** Stop tolerance per scale (coarse first). */
  tolerance: number[];
  window: number;
  /** Iteration cap per scale. */
  cap: number[];
  init: "content" | "colour";
}

const BASE: Variant = { lineSearch: "armijo", historySize: 20, scales: [0.25, 0.5, 1], tolerance: [0.0025, 0.0025, 0.0025], window: 10, cap: [300, 300, 300], init: "content" };
const v = (o: Partial<Variant>): Variant => ({ ...BASE, ...o });
const wolfe = { lineSearch: "wolfe" as const };

/** The levers, one change at a time from the old default ("armijo"), then combinations. */
const VARIANTS: Record<string, Variant | "engine"> = {
  engine: "engine",
  armijo: BASE,
  wolfe: v(wolfe),
  "wolfe-m50": v({ ...wolfe, historySize: 50 }),
  "wolfe-m100": v({ ...wolfe, historySize: 100 }),
  "armijo-m100": v({ historySize: 100 }),
  "wolfe-colour": v({ ...wolfe, init: "colour" }),
  "armijo-colour": v({ init: "colour" }),
  "wolfe-half-full": v({ ...wolfe, scales: [0.5, 1], tolerance: [0.0025, 0.0025], cap: [300, 300] }),
  "wolfe-full": v({ ...wolfe, scales: [1], tolerance: [0.0025], cap: [300] }),
  "wolfe-full-m100": v({ ...wolfe, scales: [1], tolerance: [0.0025], cap: [300], historySize: 100 }),
  "armijo-full-m100": v({ scales: [1], tolerance: [0.0025], cap: [300], historySize: 100 }),
  "wolfe-full-m50": v({ ...wolfe, scales: [1], tolerance: [0.0025], cap: [300], historySize: 50 }),
  "wolfe-full-m100-colour": v({ ...wolfe, scales: [1], tolerance: [0.0025], cap: [300], historySize: 100, init: "colour" }),
  "wolfe-full-m100-tight": v({ ...wolfe, scales: [1], tolerance: [0.001], cap: [300], historySize: 100 }),
  "wolfe-half-full-m100": v({ ...wolfe, scales: [0.5, 1], tolerance: [0.0025, 0.0025], cap: [300, 300], historySize: 100 }),
  "wolfe-tight-coarse": v({ ...wolfe, tolerance: [0.001, 0.001, 0.0025] }),
  "wolfe-loose-coarse": v({ ...wolfe, tolerance: [0.005, 0.005, 0.0025] }),
  "wolfe-m50-colour": v({ ...wolfe, historySize: 50, init: "colour" }),
  "wolfe-m100-colour": v({ ...wolfe, historySize: 100, init: "colour" }),
};

interface Point {
  evals: number;
  loss: number;
}

interface ScaleRow {
  size: [number, number];
  iterations: number;
  evaluations: number;
  startLoss: number;
  endLoss: number;
}

interface VariantRun {
  points: Point[];
  scales: ScaleRow[];
  equivalentEvals: number;
}

/** The variant's run, cut at `budget` full-size-equivalent evaluations; the final scale's best loss traced. */
async function runVariant(weights: VggWeights, content: RgbaImage, style: RgbaImage, size: number, vr: Variant, budget: number): Promise<VariantRun> {
  const o: StylizeOptions = { ...DEFAULT_OPTIONS, preset: "lite", size, workingSize: size, scales: vr.scales };
  const sizes = runSizes(content, o, false, [style]).sizes;
  const [fw, fh] = sizes[sizes.length - 1];
  const { styleLayers, contentLayer } = runLayers(o);
  const net = createVgg19(weights, tapsOf(styleLayers, contentLayer));
  const contentFull = rgbaToRgbTensor(content);
  const styleFull = rgbaToRgbTensor(style);
  const ratio = strengthToRatio(o.strength, o.preset);
  const controller = new AbortController();
  const points: Point[] = [];
  const scales: ScaleRow[] = [];
  let equiv = 0;
  let previous: tf.Tensor4D | null = null;
  try {
    for (let si = 0; si < sizes.length; si++) {
      const [w, h] = sizes[si];
      const last = si === sizes.length - 1;
      const contentAt = resize(contentFull, h, w);
      const [sw, sh] = styleSizeAt(style, w, h, o.styleScale);
      const styleAt = resize(styleFull, sh, sw);
      const grams = await styleGramsPaced(net, [{ rgb: styleAt, weight: 1 }], Object.keys(styleLayers), async () => {});
      const objective = await createObjectivePaced(net, contentAt, grams, { styleLayers, contentLayer, ratio, tvWeight: o.tvWeight }, async () => {});
      const x0 = !previous && vr.init === "colour" ? withStyleColours(contentAt, [{ rgb: styleFull, weight: 1 }]) : initialImage(w, h, { previous, mode: "content", seed: o.seed, preserveColors: false, contentAt });
      previous?.dispose();
      previous = null;
      const opt = createLbfgs(objective.evaluate, { historySize: historyPairsAt(w, h, vr.historySize), lineSearch: vr.lineSearch });
      const row: ScaleRow = { size: [w, h], iterations: 0, evaluations: 0, startLoss: NaN, endLoss: NaN };
      scales.push(row);
      const count = (n: number, loss: number) => {
        row.evaluations += n;
        equiv += (n * w * h) / (fw * fh);
        if (last) points.push({ evals: +equiv.toFixed(3), loss });
        if (equiv >= budget) controller.abort();
      };
      try {
        const out = await optimiseScale(opt, x0, { iterations: vr.cap[si], rule: { tolerance: vr.tolerance[si], window: vr.window } }, {
          signal: controller.signal,
          onStart: (r) => {
            row.startLoss = r.loss;
            count(r.evaluations, r.loss);
          },
          onStep: ({ report, losses }) => {
            row.iterations++;
            count(report.evaluations, losses[losses.length - 1]);
          },
        });
        previous = out.best;
        row.endLoss = out.end.total;
      } catch (e) {
        if (!(isRestyleError(e) && e.code === "cancelled")) throw e;
        break;
      } finally {
        opt.dispose();
        objective.dispose();
        tf.dispose([contentAt, styleAt, ...Object.values(grams)]);
      }
    }
  } finally {
    previous?.dispose();
    net.dispose();
    tf.dispose([contentFull, styleFull]);
  }
  return { points, scales, equivalentEvals: +equiv.toFixed(2) };
}

/** stylize() with its defaults (the panel's and the CLI's run), traced the same way. */
async function runEngine(weights: VggWeights, content: RgbaImage, style: RgbaImage, size: number, budget: number): Promise<VariantRun> {
  const [fw, fh] = fitLongSide(content.width, content.height, size);
  const points: Point[] = [];
  const scales: ScaleRow[] = [];
  const controller = new AbortController();
  let equiv = 0;
  let lastEvals = 0;
  let best = Infinity;
  const onProgress = (p: Progress) => {
    const n = p.evaluations - lastEvals;
    lastEvals = p.evaluations;
    equiv += (n * p.width * p.height) / (fw * fh);
    let row = scales[p.scaleIndex];
    if (!row) {
      best = Infinity;
      row = scales[p.scaleIndex] = { size: [p.width, p.height], iterations: 0, evaluations: 0, startLoss: NaN, endLoss: NaN };
    }
    row.iterations++;
    row.evaluations += n;
    best = Math.min(best, p.loss.total);
    row.endLoss = best;
    if (p.scaleIndex === p.scaleCount - 1) points.push({ evals: +equiv.toFixed(3), loss: best });
    if (equiv >= budget) controller.abort();
  };
  try {
    await stylize(weights, { content, styles: [{ image: style }] }, { preset: "lite", size, workingSize: size, previewEvery: 0 }, { onProgress, signal: controller.signal });
  } catch (e) {
    if (!(isRestyleError(e) && e.code === "cancelled")) throw e;
  }
  return { points, scales, equivalentEvals: +equiv.toFixed(2) };
}

/** Float32 RGB HxWx3 + a JSON sidecar with the dims: what torch_reference.py quality reads. */
function writeRgb(path: string, t: tf.Tensor4D): void {
  const [, h, w] = t.shape;
  writeFileSync(path, Buffer.from(t.dataSync().buffer as ArrayBuffer));
  writeFileSync(path + ".json", JSON.stringify({ width: w, height: h }));
}

/** The strong-Wolfe reference's loss after each evaluation (cached per pair and size). */
async function torchTrace(root: string, shared: string, scratch: string, pair: string, content: RgbaImage, style: RgbaImage, size: number, evals: number): Promise<number[]> {
  const o = { ...DEFAULT_OPTIONS, preset: "lite" as const };
  const ratio = strengthToRatio(o.strength, "lite");
  const cache = join(scratch, `torch-wolfe-${pair}-${size}-${evals}-${ratio.toPrecision(6)}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, "utf8")) as number[];
  const env = findTorch();
  if (env.unavailable) throw new Error(env.unavailable);
  const [w, h] = fitLongSide(content.width, content.height, size);
  // The exact tensors the engine optimises against at the final scale.
  const c = tf.tidy(() => resize(rgbaToRgbTensor(content), h, w));
  const [sw, sh] = styleSizeAt(style, w, h, o.styleScale);
  const st = tf.tidy(() => resize(rgbaToRgbTensor(style), sh, sw));
  writeRgb(join(scratch, `content-${pair}-${size}.bin`), c);
  writeRgb(join(scratch, `style-${pair}-${size}.bin`), st);
  tf.dispose([c, st]);
  const args = [join(root, "benchmarks/torch_reference.py"), "quality", "--preset", "lite", "--methods", "wolfe", "--content", join(scratch, `content-${pair}-${size}.bin`), "--style", join(scratch, `style-${pair}-${size}.bin`)];
  args.push("--evals", String(evals), "--ratio", String(ratio), "--tv-weight", String(o.tvWeight), "--weights", join(shared, "vgg19"));
  const r = await runJsonChild<{ trace: Array<[number, number, number]> }>(env.python, args, { timeoutMs: TORCH_QUALITY_TIMEOUT_MS, env: torchEnv() });
  const line = r.value?.[0];
  if (!line) throw new Error(`PyTorch reference failed: ${r.error ?? "no output"}`);
  const losses = line.trace.map(([, , l]) => l);
  writeFileSync(cache, JSON.stringify(losses));
  return losses;
}

/** Best-so-far of a loss list. */
const bestSoFar = (xs: readonly number[]) => xs.map((_, i) => Math.min(...xs.slice(0, i + 1)));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: "string" }, pairs: { type: "string" }, variants: { type: "string" }, budget: { type: "string" }, scratch: { type: "string" } } });
  const size = Number(values.size ?? 128);
  const budget = Number(values.budget ?? 300);
  const pairs = (values.pairs ?? "tubingen,chelsea").split(",");
  // "--variants none": only the references (to fill the cache).
  const names = (values.variants ?? Object.keys(VARIANTS).join(",")).split(",").filter((n) => n !== "none");
  for (const n of [...names, ...pairs]) if (!(n in VARIANTS) && !(n in PAIRS)) throw new Error(`unknown variant or pair: ${n} (variants: ${Object.keys(VARIANTS).join(", ")})`);
  const root = findPackageRoot();
  const shared = resolve(root, "../shared");
  const scratch = values.scratch ?? join(tmpdir(), "restyle-levers");
  mkdirSync(scratch, { recursive: true });
  await useNodeBackend("wasm");
  const weights = await loadWeightsFromDir(join(root, "weights/lite"));
  const rows: unknown[] = [];
  for (const pair of pairs) {
    const [cf, sf] = PAIRS[pair];
    const content = await readImageFile(join(shared, "images", cf));
    const style = await readImageFile(join(shared, "images", sf));
    // The reference always runs its 300 evaluations (the bench's); --budget only cuts the variants.
    const ref = bestSoFar(await torchTrace(root, shared, scratch, pair, content, style, size, 300));
    // Targets: the reference's best after 100, 200 and all its evaluations.
    const marks = [100, 200, ref.length].filter((k) => k <= ref.length);
    const targets = marks.map((k) => ({ at: k, loss: ref[k - 1] }));
    process.stderr.write(`${pair} ${size}: PyTorch wolfe best ${targets.map((t) => `${t.loss.toFixed(0)} @${t.at}`).join(", ")}\n`);
    for (const name of names) {
      const spec = VARIANTS[name];
      const r = spec === "engine" ? await runEngine(weights, content, style, size, budget) : await runVariant(weights, content, style, size, spec, budget);
      const final = r.points.length ? r.points[r.points.length - 1].loss : NaN;
      const reach = targets.map((t) => ({ torchEvals: t.at, loss: +t.loss.toFixed(1), evals: r.points.find((p) => p.loss <= t.loss)?.evals ?? null }));
      // Where the reference is at this variant's final loss: the evaluations it needs for it.
      const torchAtFinal = ref.findIndex((l) => l <= final) + 1 || null;
      const its = r.scales.reduce((a, s) => a + s.iterations, 0);
      const evs = r.scales.reduce((a, s) => a + s.evaluations, 0);
      const row = {
        pair,
        size: fitLongSide(content.width, content.height, size),
        variant: name,
        spec,
        finalLoss: +final.toFixed(1),
        equivalentEvals: r.equivalentEvals,
        torchEvalsToFinal: torchAtFinal,
        reach,
        evalsPerIteration: +((evs - r.scales.length) / Math.max(1, its)).toFixed(3),
        scales: r.scales.map((s) => ({ ...s, startLoss: +s.startLoss.toFixed(1), endLoss: +s.endLoss.toFixed(1) })),
        trace: r.points.filter((_, i, all) => i % 5 === 0 || i === all.length - 1),
      };
      rows.push(row);
      process.stdout.write(JSON.stringify(row) + "\n");
      process.stderr.write(
        `${pair} ${size} ${name.padEnd(24)} final ${final.toFixed(0).padStart(8)} after ${r.equivalentEvals.toFixed(1).padStart(6)} eq. evals; to targets ${reach.map((x) => (x.evals === null ? "-" : x.evals.toFixed(0))).join(" / ")}; torch needs ${torchAtFinal ?? "-"} for its final; evals/it ${row.evalsPerIteration}; per scale ${r.scales.map((s) => `${s.iterations}it ${s.startLoss.toExponential(2)}→${s.endLoss.toExponential(2)}`).join(", ")}\n`,
      );
    }
  }
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, `bench-results/levers-${size}.json`), JSON.stringify(rows));
  weights.dispose();
}

await main();

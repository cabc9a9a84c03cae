/**
 * `npm run bench:profile -- [--size 256] [--json FILE]`: where the seconds of the default run go
 * (lite, the real weights in weights/lite, tubingen × starry night from ../shared/images, wasm in
 * Node). JSON on stdout (and bench-results/profile-<size>.json), tables on stderr:
 *  - the run: the engine's own objective and L-BFGS, stepped by optimiseScale as stylize steps its
 *    one scale, with the objective's wall time counted apart, so L-BFGS's own share is the rest;
 *  - the objective by kernel group and by kernel, from tf.profile over a few evaluations of the
 *    final image (on wasm a kernel's time is its wall time).
 */
import * as tf from "@tensorflow/tfjs-core";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createObjectivePaced, styleGramsPaced } from "../src/engine/objective";
import { initialImage } from "../src/engine/initial-image";
import { tapsOf } from "../src/engine/layers";
import { historyPairsAt } from "../src/engine/memory";
import { KEEP_TENSOR, optimiseScale } from "../src/engine/optimise-scale";
import { createLbfgs } from "../src/engine/optimizers/lbfgs";
import { resolveOptions } from "../src/engine/options";
import { resize, rgbaToRgbTensor } from "../src/engine/pixels";
import { runLayers, runSizes, styleSizeAt } from "../src/engine/run-sizes";
import { strengthToRatio } from "../src/engine/strength";
import type { RgbaImage } from "../src/engine/types";
import { createVgg19 } from "../src/engine/vgg19";
import type { VggWeights } from "../src/engine/vgg-weights";
import { createPacer } from "../src/engine/yield";
import { useNodeBackend } from "../src/node/backend";
import { readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";
import { findPackageRoot } from "../src/cli/package-root";
import { cpuInfo } from "./host-probe";
import { KERNEL_GROUPS, kernelGroup } from "./kernel-groups";

/** Evaluations of the final image under tf.profile, for the kernel table. */
const PROFILED_EVALUATIONS = 3;

export interface ProfileReport {
  date: string;
  host: { model: string; simd: string };
  pair: [string, string];
  size: [number, number];
  iterations: number;
  evaluations: number;
  lossEnd: number;
  /** Wall seconds: the style targets and start image, then the optimisation split into the objective and L-BFGS around it. */
  seconds: { setup: number; objective: number; optimiser: number };
  msPerEvaluation: number;
  /** Per evaluation, from tf.profile: kernel ms by group, and their sum against the evaluation's wall time. */
  groups: Record<string, number>;
  kernelMs: number;
  profiledWallMs: number;
  /** The objective's kernels per evaluation, dearest first. */
  kernels: Array<{ name: string; msPerEvaluation: number; callsPerEvaluation: number }>;
}

const r3 = (v: number) => +v.toPrecision(3);

async function profileRun(weights: VggWeights, content: RgbaImage, style: RgbaImage, size: number): Promise<Omit<ProfileReport, "date" | "host" | "pair">> {
  const o = resolveOptions({ preset: "lite", size, workingSize: size });
  const [w, h] = runSizes(content, o, false, [style]).sizes.at(-1)!;
  const { styleLayers, contentLayer } = runLayers(o);
  const pause = createPacer();
  const t0 = performance.now();
  const net = createVgg19(weights, tapsOf(styleLayers, contentLayer), { pooling: o.pooling });
  const owned: Array<{ dispose(): void }> = [net];
  try {
    // As stylize's one scale: the targets, the start image, L-BFGS with the history memory allows.
    const contentAt = tf.tidy(() => resize(rgbaToRgbTensor(content), h, w));
    owned.push(contentAt);
    const [sw, sh] = styleSizeAt(style, w, h, o.styleScale);
    const styleAt = tf.tidy(() => resize(rgbaToRgbTensor(style), sh, sw));
    const grams = await styleGramsPaced(net, [{ rgb: styleAt, weight: 1 }], Object.keys(styleLayers), pause);
    styleAt.dispose();
    owned.push(...Object.values(grams));
    const objective = await createObjectivePaced(
      net,
      contentAt,
      grams,
      { styleLayers, contentLayer, ratio: strengthToRatio(o.strength, o.preset), tvWeight: o.tvWeight },
      pause,
    );
    owned.push(objective);
    const x0 = initialImage(w, h, { previous: null, mode: o.init, seed: o.seed, preserveColors: false, contentAt });
    let objectiveMs = 0;
    const opt = createLbfgs(
      async (x) => {
        const t = performance.now();
        try {
          return await objective.evaluate(x);
        } finally {
          objectiveMs += performance.now() - t;
        }
      },
      { historySize: historyPairsAt(w, h, o.historySize) },
    );
    owned.push(opt);
    const setupS = (performance.now() - t0) / 1000;
    const tOpt = performance.now();
    let evaluations = 0;
    let iterations = 0;
    const outcome = await optimiseScale(
      opt,
      x0,
      { iterations: o.iterations, rule: { tolerance: o.stopTolerance, window: o.stopWindow } },
      {
        onStart: (r) => (evaluations += r.evaluations),
        onStep: ({ report }) => {
          evaluations += report.evaluations;
          iterations++;
        },
      },
      KEEP_TENSOR,
    );
    const optMs = performance.now() - tOpt;
    owned.push(outcome.best);
    // The kernel table: a few more evaluations of the final image, under tf.profile.
    const tp = performance.now();
    const prof = await tf.profile(async () => {
      for (let i = 0; i < PROFILED_EVALUATIONS; i++) {
        const e = await objective.evaluate(outcome.best);
        await e.loss.data();
        tf.dispose([e.loss, e.parts, e.grad]);
      }
    });
    const profiledWallMs = (performance.now() - tp) / PROFILED_EVALUATIONS;
    // Only registered kernels: tf.profile also lists the scope of a custom gradient around the kernels inside it.
    const real = prof.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()));
    const byName = new Map<string, { ms: number; calls: number }>();
    for (const k of real) {
      const t = byName.get(k.name) ?? { ms: 0, calls: 0 };
      t.ms += (k.kernelTimeMs as number) / PROFILED_EVALUATIONS;
      t.calls += 1 / PROFILED_EVALUATIONS;
      byName.set(k.name, t);
    }
    const groups: Record<string, number> = {};
    for (const [name, t] of byName) groups[kernelGroup(name)] = r3((groups[kernelGroup(name)] ?? 0) + t.ms);
    const kernels = [...byName]
      .map(([name, t]) => ({ name, msPerEvaluation: r3(t.ms), callsPerEvaluation: r3(t.calls) }))
      .sort((a, b) => b.msPerEvaluation - a.msPerEvaluation);
    return {
      size: [w, h],
      iterations,
      evaluations,
      lossEnd: outcome.end.total,
      seconds: { setup: +setupS.toFixed(2), objective: +(objectiveMs / 1000).toFixed(2), optimiser: +((optMs - objectiveMs) / 1000).toFixed(2) },
      msPerEvaluation: +(optMs / evaluations).toFixed(1),
      groups,
      kernelMs: r3(kernels.reduce((a, k) => a + k.msPerEvaluation, 0)),
      profiledWallMs: r3(profiledWallMs),
      kernels,
    };
  } finally {
    for (const t of owned) t.dispose();
  }
}

function formatProfile(r: ProfileReport): string {
  const total = r.seconds.objective + r.seconds.optimiser;
  const share = (v: number, of: number) => `${((100 * v) / of).toFixed(1)} %`;
  const lines = [
    `profile: ${r.pair.join(" × ")}, lite, wasm, ${r.size.join("×")}; ${r.host.model} (${r.host.simd})`,
    `${r.iterations} iterations, ${r.evaluations} evaluations, ${r.msPerEvaluation} ms each, final loss ${r.lossEnd.toPrecision(5)}`,
    `seconds: setup ${r.seconds.setup}, objective ${r.seconds.objective} (${share(r.seconds.objective, total)}), L-BFGS's own work ${r.seconds.optimiser} (${share(r.seconds.optimiser, total)})`,
    "",
    `one evaluation by kernel group (tf.profile, ${PROFILED_EVALUATIONS} evaluations; kernels ${r.kernelMs} ms of ${r.profiledWallMs} ms wall)`,
  ];
  for (const g of KERNEL_GROUPS)
    if (r.groups[g] !== undefined) lines.push(`  ${g.padEnd(20)} ${r.groups[g].toFixed(1).padStart(8)} ms  ${share(r.groups[g], r.kernelMs).padStart(7)}`);
  lines.push("", "kernels: ms and calls per evaluation");
  for (const k of r.kernels.filter((k) => k.msPerEvaluation >= 0.005 * r.kernelMs))
    lines.push(`  ${k.name.padEnd(22)} ${k.msPerEvaluation.toFixed(2).padStart(8)}  ${String(k.callsPerEvaluation).padStart(5)}`);
  return lines.join("\n");
}

const { values } = parseArgs({ options: { size: { type: "string" }, json: { type: "string" } } });
const size = Number(values.size ?? 256);
if (!Number.isInteger(size) || size < 16 || size > 2048) throw new Error(`--size wants a whole number of pixels in 16–2048, got "${values.size}"`);
const root = findPackageRoot();
const images = resolve(root, "../shared/images");
const pair: [string, string] = ["content_tubingen.jpg", "style_starry_night.jpg"];
await useNodeBackend("wasm");
const weights = await loadWeightsFromDir(join(root, "weights/lite"));
const [content, style] = [await readImageFile(join(images, pair[0])), await readImageFile(join(images, pair[1]))];
const report: ProfileReport = { date: new Date().toISOString(), host: cpuInfo(), pair, ...(await profileRun(weights, content, style, size)) };
weights.dispose();
const json = JSON.stringify(report, null, 1);
mkdirSync(join(root, "bench-results"), { recursive: true });
writeFileSync(join(root, "bench-results", `profile-${size}.json`), json);
if (values.json) writeFileSync(values.json, json);
process.stdout.write(json + "\n");
process.stderr.write("\n" + formatProfile(report) + "\n");

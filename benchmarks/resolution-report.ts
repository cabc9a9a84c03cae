/** The `resolution` section's JSON shape and its lines in the readable table. Pure. */
import type { AdamStartReport } from "./adam-start";
import type { CoarseToFineReport } from "./coarse-to-fine";
import type { QualityAtSizeReport } from "./quality-at-size";
import type { TileOverhead } from "./resolution";
import type { SizeCostResult } from "./size-cost";

/** The 1-, 5- and 15-minute load averages before and after a measurement. */
export type LoadPair = [number[], number[]];

export interface ResolutionRow {
  backend: "wasm" | "webgl";
  /** The long side asked for (the picture keeps the content's aspect). */
  long: number;
  load: LoadPair;
  renderer?: string;
  result?: SizeCostResult;
  error?: string;
  /** This row's one evaluation over the reference's (same bench run). */
  evaluationXReference?: number;
}

export interface Plan4096 {
  memoryBudgetMB: number;
  /** Every scale of a 4096 px run as the memory model plans it. */
  plan: Array<{ size: [number, number]; tiles: number; optimizer: string; state: string; modelledPeakMB: number; withinBudget: boolean }>;
  modelledPeakMB: number;
  withinBudget: boolean;
  /** The one tiled evaluation at 4096 px, when wired in; else why not. */
  check: { seconds: number; peakBytes: number; tiles: number } | { notRun: string } | { error: string };
  load: LoadPair;
}

export interface ResolutionReport {
  /** The first wasm size's one evaluation: every row's seconds are also given over it. */
  reference: { backend: "wasm"; size: [number, number]; evaluationSeconds: number } | null;
  memoryBudgetMB: number;
  rows: ResolutionRow[];
  /** One tiled evaluation against one untiled at each overhead size. */
  tileOverhead?: Array<{ target: number; long: number; load: LoadPair } & (TileOverhead | { error: string })>;
  at4096?: Plan4096[];
  quality1024?: QualityAtSizeReport & { sheet: string; regions: Array<[number, number]>; load: LoadPair };
  coarseToFine?: CoarseToFineReport & { load: LoadPair };
  adamStart?: AdamStartReport & { load: LoadPair };
}

const mb = (b: number) => (b / 2 ** 20).toFixed(0);
const x2 = (v: number) => v.toFixed(2);
const loadText = (l: LoadPair) => `load ${l[0][0] ?? "?"}→${l[1][0] ?? "?"}`;

export function formatResolution(r: ResolutionReport): string[] {
  const lines = ["Resolution (lite; seconds of one evaluation and per iteration of a short run; peak tensor MB, WebGL numBytesInGPU):"];
  for (const row of r.rows) {
    const head = `  ${row.backend} ${row.long} px`;
    if (!row.result) {
      lines.push(`${head}: ${row.error ?? "not run"} (${loadText(row.load)})`);
      continue;
    }
    const x = row.result;
    const run = x.run ? `, ${x.run.secondsPerIteration} s/iteration, run peak ${mb(x.run.peakBytes)} MB` : "";
    const ratio = row.evaluationXReference !== undefined ? ` (${row.evaluationXReference}× the reference)` : "";
    lines.push(
      `${head} (${x.size.join("×")}, ${x.tiles} tile${x.tiles > 1 ? "s" : ""}, ${x.optimizer}): evaluation ${x.evaluation.seconds} s${ratio}, peak ${mb(x.evaluation.peakBytes)} MB${run}; model ${mb(x.modelledPeakBytes)} MB (${loadText(row.load)})`,
    );
  }
  for (const t of r.tileOverhead ?? []) lines.push(overheadLine(t));
  for (const p of r.at4096 ?? []) {
    const check =
      "notRun" in p.check
        ? p.check.notRun
        : "error" in p.check
          ? p.check.error
          : `one tiled evaluation ${p.check.seconds} s, peak ${mb(p.check.peakBytes)} MB in ${p.check.tiles} tiles`;
    lines.push(`  4096 px at ${p.memoryBudgetMB} MiB: modelled peak ${p.modelledPeakMB} MiB, ${p.withinBudget ? "within" : "over"} the budget; ${check}`);
  }
  const q = r.quality1024;
  if (q) lines.push(`  quality at 1024: conv1_1 + conv2_1 native/upscaled ${q.fineRatio}× (${q.sheet}; ${loadText(q.load)})`);
  for (const c of r.coarseToFine?.rows ?? []) {
    lines.push(
      `  ${c.name} at ${r.coarseToFine!.size}: final ${c.finalLoss.toPrecision(5)} after ${c.equivalentEvals} evals; to ${r.coarseToFine!.target.toPrecision(5)}: ${c.toTarget ? `${c.toTarget.evals} evals` : "never"}`,
    );
  }
  for (const a of r.adamStart?.rows ?? []) {
    lines.push(
      `  first steps at ${r.adamStart!.fine.join("×")}, ${a.optimizer}${a.learningRate ? ` lr ${a.learningRate}` : ""}: ${a.losses.map((l) => l.toPrecision(3)).join(" → ")}`,
    );
  }
  return lines;
}

function overheadLine(t: NonNullable<ResolutionReport["tileOverhead"]>[number]): string {
  if ("error" in t) return `  tile overhead at ${t.long} px: ${t.error}`;
  const { tiled, untiled } = t;
  return (
    `  tile overhead ${t.size.join("×")}, ${tiled.grid.join("×")}: ${x2(tiled.seconds)} s / ${x2(untiled.seconds)} s = ${x2(t.tileOverhead)}× ` +
    `(CPU ${x2(t.tileOverheadCpu)}×, floor ${x2(t.tileOverheadFloor)}×; target ≤ ${t.target}×; ${loadText(t.load)})`
  );
}

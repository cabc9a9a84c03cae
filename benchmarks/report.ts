/** The bench's JSON shape and its readable table. Pure. */
import type { PresetName } from "../src/engine/types";
import type { BenchBackend } from "./budget";
import type { MethodTrace } from "./convergence";
import type { TorchRow } from "./torch-runner";

export interface TimingRow {
  backend: BenchBackend;
  preset: PresetName;
  size: number;
  /** "fast": the engine's conv input-gradient; "stock": tfjs's own Conv2DBackpropInput. */
  grad: "fast" | "stock";
  status: "ok" | "skipped" | "failed";
  reason?: string;
  medianMs?: number;
  timedMs?: number[];
  warmupMs?: number[];
  gflopPerIteration: number;
  gflops?: number;
  peakRssMB?: number;
  peakTensorMB?: number;
  /** webgl: peak of tf.memory().numBytesInGPU during one iteration (textures in use). */
  peakGpuMB?: number;
  /** webgl: the texture pool's size afterwards (in use + kept free for reuse). */
  gpuAllocatedMB?: number;
  projectedS?: number;
}

export interface RatioRow {
  backend: BenchBackend;
  preset: PresetName;
  size: number;
  tfjsMs: number;
  torchMs: number;
  /** tfjs ms / PyTorch ms: how many times slower. */
  ratio: number;
  torchSource: TorchRow["source"];
}

export interface QualityReport {
  size: [number, number];
  torch: { evals: number; seconds: number; finalLoss: number; bestLoss: number; initialLoss: number } | { error: string };
  target?: number;
  ours?: { method: string; reachedAtEvals: number | null; reachedAtSeconds: number | null; bestLoss: number; evalFraction: number | null };
  traces?: MethodTrace[];
  /** PyTorch's [evaluation, seconds, loss] after every evaluation. */
  torchTrace?: Array<[number, number, number]>;
}

export interface BenchReport {
  version: 1;
  date: string;
  machine: { cpus: number; cpuModel: string; totalMemMB: number; node: string; platform: string };
  settings: Record<string, unknown>;
  timing: TimingRow[];
  webgl?: { renderer: string; vendor: string; webglVersion: number; userAgent: string; console: string[] };
  torch: { available: boolean; version?: string; note: string; rows: TorchRow[] };
  ratios: RatioRow[];
  convergence?: { size: [number, number]; content: string; style: string; evals: number; traces: MethodTrace[] } | { error: string };
  quality?: QualityReport;
  plots: string[];
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const num = (v: number | undefined, digits = 0) => (v === undefined || !Number.isFinite(v) ? "-" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

export function ratiosFor(timing: readonly TimingRow[], torch: readonly TorchRow[]): RatioRow[] {
  const out: RatioRow[] = [];
  for (const t of timing) {
    if (t.status !== "ok" || t.medianMs === undefined || t.grad !== "fast") continue;
    const ref = torch.find((r) => r.preset === t.preset && r.size === t.size);
    if (!ref) continue;
    out.push({ backend: t.backend, preset: t.preset, size: t.size, tfjsMs: t.medianMs, torchMs: ref.medianMs, ratio: +(t.medianMs / ref.medianMs).toFixed(2), torchSource: ref.source });
  }
  return out;
}

export function formatTable(r: BenchReport): string {
  const lines: string[] = [];
  const head = ["backend", "preset", "size", "grad", "ms/iter", "GFLOP/s", "RSS MB", "tensor MB", "GPU peak MB", "PyTorch ms", "× PyTorch", "note"];
  const w = [8, 6, 5, 5, 10, 8, 7, 9, 11, 11, 9, 0];
  lines.push(head.map((h, i) => pad(h, w[i], i >= 2 && i <= 10)).join("  "));
  for (const t of r.timing) {
    const ratio = r.ratios.find((x) => x.backend === t.backend && x.preset === t.preset && x.size === t.size && t.grad === "fast");
    const note = t.status === "ok" ? (ratio?.torchSource === "recorded, not this run" ? "PyTorch recorded, not this run" : "") : `${t.status}: ${t.reason ?? ""}`;
    lines.push(
      [t.backend, t.preset, String(t.size), t.grad, num(t.medianMs), num(t.gflops, 1), num(t.peakRssMB), num(t.peakTensorMB), num(t.peakGpuMB), num(ratio?.torchMs), ratio ? `${ratio.ratio.toFixed(1)}×` : "-", note]
        .map((c, i) => pad(c, w[i], i >= 2 && i <= 10))
        .join("  "),
    );
  }
  lines.push(`PyTorch: ${r.torch.note}`);
  if (r.webgl) lines.push(`WebGL renderer: ${r.webgl.renderer}`);
  if (r.convergence && "traces" in r.convergence) {
    lines.push(`Convergence (${r.convergence.size.join("×")}, lite, ${r.convergence.evals} full-size-equivalent evaluations each):`);
    for (const t of r.convergence.traces) lines.push(`  ${pad(t.method, 24)} best loss ${t.finalLoss.toPrecision(4)}  after ${t.equivalentEvals} evals, ${t.seconds.toFixed(1)} s`);
  } else if (r.convergence) lines.push(`Convergence: ${r.convergence.error}`);
  if (r.quality) {
    const q = r.quality;
    if ("error" in q.torch) lines.push(`Time to quality: ${q.torch.error}`);
    else {
      lines.push(`Time to quality (${q.size.join("×")}): PyTorch L-BFGS ${q.torch.evals} evals → loss ${q.torch.finalLoss.toPrecision(4)} (best ${q.torch.bestLoss.toPrecision(4)}) in ${q.torch.seconds} s (start ${q.torch.initialLoss.toPrecision(4)})`);
      if (q.ours) {
        lines.push(
          q.ours.reachedAtEvals === null
            ? `  ${q.ours.method}: not reached (best ${q.ours.bestLoss.toPrecision(4)})`
            : `  ${q.ours.method}: reached after ${q.ours.reachedAtEvals} full-size-equivalent evals (${((q.ours.evalFraction ?? 0) * 100).toFixed(0)} % of PyTorch's; target ≤ 33 %), ${q.ours.reachedAtSeconds} s`,
        );
      }
    }
  }
  if (r.plots.length) lines.push(`Plots: ${r.plots.join(", ")}`);
  return lines.join("\n");
}

/** The bench's JSON shape and its readable table. Pure. */
import type { PresetName } from "../src/engine/types";
import type { BenchBackend } from "./budget";
import type { MethodTrace } from "./convergence";
import type { TorchRow } from "./torch-runner";
import { formatResolution, type ResolutionReport } from "./resolution-report";

export interface TimingRow {
  backend: BenchBackend;
  preset: PresetName;
  size: number;
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
}

export interface TorchQualityRow {
  /** "wolfe": torch.optim.LBFGS with its strong-Wolfe line search, the box by projection, the best kept. */
  method: string;
  label?: string;
  evals: number;
  seconds: number;
  finalLoss: number;
  bestLoss: number;
  initialLoss: number;
  /** When (evaluations, seconds) its trace first reached its best. */
  bestAtEvals: number;
  bestAtSeconds: number;
}

export interface QualityReport {
  size: [number, number];
  /** The PyTorch reference: the target is its best loss. */
  torch: TorchQualityRow | { error: string };
  target?: number;
  ours?: { method: string; reachedAtEvals: number | null; reachedAtSeconds: number | null; bestLoss: number; evalFraction: number | null };
  /** Restyle's seconds to the target over PyTorch's seconds to the same loss (≤ 1: sooner than PyTorch). */
  timeRatio?: number | null;
  /**
   * The same comparison at Restyle's own best loss, for when the target is not reached: Restyle's
   * evaluations and seconds to it, and the reference's to the same loss (null if it never gets there).
   */
  atOwnBest?: {
    loss: number;
    ours: { evals: number; seconds: number };
    torch: { evals: number; seconds: number } | null;
    timeRatio: number | null;
    evalRatio: number | null;
  };
  traces?: MethodTrace[];
  /** PyTorch's [evaluation, seconds, loss] after every evaluation. */
  torchTrace?: Array<[number, number, number]>;
}

export interface BenchReport {
  version: 1;
  date: string;
  machine: { cpus: number; cpuModel: string; simd?: string; totalMemMB: number; node: string; platform: string; load?: number[] };
  /** One 3×3 64→64 conv forward, GFLOP/s, on each side of the ratio. */
  probe?: {
    tfjs?: { conv: string; gflops: number; backend: string } | { error: string };
    torch?: { conv: string; gflops: number; threads: number } | { error: string };
  };
  settings: Record<string, unknown>;
  timing: TimingRow[];
  webgl?: { renderer: string; vendor: string; webglVersion: number; userAgent: string; console: string[] };
  torch: { available: boolean; version?: string; note: string; rows: TorchRow[] };
  ratios: RatioRow[];
  /** One per --quality-size. */
  quality?: QualityReport[];
  /** Painting at size (--only resolution / --resolution). */
  resolution?: ResolutionReport;
  plots: string[];
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));
const num = (v: number | undefined, digits = 0) =>
  v === undefined || !Number.isFinite(v) ? "-" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function ratiosFor(timing: readonly TimingRow[], torch: readonly TorchRow[]): RatioRow[] {
  const out: RatioRow[] = [];
  for (const t of timing) {
    if (t.status !== "ok" || t.medianMs === undefined) continue;
    const ref = torch.find((r) => r.preset === t.preset && r.size === t.size);
    if (!ref) continue;
    out.push({ backend: t.backend, preset: t.preset, size: t.size, tfjsMs: t.medianMs, torchMs: ref.medianMs, ratio: +(t.medianMs / ref.medianMs).toFixed(2) });
  }
  return out;
}

export function formatTable(r: BenchReport): string {
  const lines: string[] = [];
  const head = ["backend", "preset", "size", "ms/iter", "GFLOP/s", "RSS MB", "tensor MB", "GPU peak MB", "PyTorch ms", "× PyTorch", "note"];
  const w = [8, 6, 5, 10, 8, 7, 9, 11, 11, 9, 0];
  lines.push(head.map((h, i) => pad(h, w[i], i >= 2 && i <= 9)).join("  "));
  for (const t of r.timing) {
    const ratio = r.ratios.find((x) => x.backend === t.backend && x.preset === t.preset && x.size === t.size);
    const note = t.status === "ok" ? "" : `${t.status}: ${t.reason ?? ""}`;
    lines.push(
      [
        t.backend,
        t.preset,
        String(t.size),
        num(t.medianMs),
        num(t.gflops, 1),
        num(t.peakRssMB),
        num(t.peakTensorMB),
        num(t.peakGpuMB),
        num(ratio?.torchMs),
        ratio ? `${ratio.ratio.toFixed(1)}×` : "-",
        note,
      ]
        .map((c, i) => pad(c, w[i], i >= 2 && i <= 9))
        .join("  "),
    );
  }
  lines.push(`PyTorch: ${r.torch.note}`);
  if (r.machine?.cpuModel)
    lines.push(
      `Host: ${r.machine.cpuModel}, ${r.machine.cpus} cores, SIMD ${r.machine.simd ?? "unknown"}${r.machine.load ? `, load ${r.machine.load.map((l) => l.toFixed(1)).join(" ")}` : ""}`,
    );
  if (r.probe) {
    const side = (p: { conv: string; gflops: number } | { error: string } | undefined) => (!p ? "not run" : "error" in p ? p.error : `${p.gflops} GFLOP/s`);
    const conv = [r.probe.tfjs, r.probe.torch].find((p): p is { conv: string; gflops: number; backend: string } => !!p && "conv" in p)?.conv ?? "conv";
    lines.push(`Conv probe (${conv}): tfjs ${side(r.probe.tfjs)}, PyTorch ${side(r.probe.torch)}`);
  }
  if (r.webgl) lines.push(`WebGL renderer: ${r.webgl.renderer}`);
  for (const q of r.quality ?? []) {
    if ("error" in q.torch) lines.push(`Time to quality: ${q.torch.error}`);
    else {
      lines.push(`Time to quality (${q.size.join("×")}):`);
      const t = q.torch;
      lines.push(
        `  PyTorch ${t.method} (the target): ${t.evals} evals → loss ${t.finalLoss.toPrecision(4)}, best ${t.bestLoss.toPrecision(4)} at eval ${t.bestAtEvals}, ${t.bestAtSeconds} s (start ${t.initialLoss.toPrecision(4)}; ${t.seconds} s in all)`,
      );
      if (q.ours) {
        lines.push(
          q.ours.reachedAtEvals === null
            ? `  Restyle ${q.ours.method}: not reached (best ${q.ours.bestLoss.toPrecision(4)})`
            : `  Restyle ${q.ours.method}: reached after ${q.ours.reachedAtEvals} full-size-equivalent evals (${((q.ours.evalFraction ?? 0) * 100).toFixed(0)} % of PyTorch's), ${q.ours.reachedAtSeconds} s`,
        );
        lines.push(`  time to quality: ${q.timeRatio == null ? "- (not reached)" : `${q.timeRatio.toFixed(2)}× PyTorch's seconds (target ≤ 1.0×)`}`);
        const b = q.atOwnBest;
        if (b?.torch && q.timeRatio == null) {
          lines.push(
            `  at Restyle's best, ${b.loss.toPrecision(5)}: Restyle ${b.ours.evals} evals, ${b.ours.seconds} s; PyTorch ${q.torch.method} ${b.torch.evals} evals, ${b.torch.seconds} s: ${b.timeRatio}× the seconds, ${b.evalRatio}× the evaluations`,
          );
        }
      }
    }
  }
  if (r.resolution) lines.push(...formatResolution(r.resolution));
  if (r.plots.length) lines.push(`Plots: ${r.plots.join(", ")}`);
  return lines.join("\n");
}

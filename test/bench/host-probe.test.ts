import { describe, expect, it } from "vitest";
import { cpuInfo } from "../../benchmarks/host-probe";
import { formatTable, type BenchReport } from "../../benchmarks/report";

const cpuinfo = (model: string, flags: string) =>
  `processor\t: 0\nmodel name\t: ${model}\nflags\t\t: ${flags}\n\nprocessor\t: 1\nmodel name\t: ${model}\nflags\t\t: ${flags}\n`;

describe("the bench names its host", () => {
  it("reads the CPU model and its widest SIMD from /proc/cpuinfo's text", () => {
    expect(cpuInfo(cpuinfo("AMD EPYC 7B13", "fpu sse4_1 sse4_2 avx fma avx2"))).toEqual({ model: "AMD EPYC 7B13", simd: "avx2" });
    expect(cpuInfo(cpuinfo("Intel(R) Xeon(R) Processor", "sse4_2 avx avx2 avx512f avx512bw"))).toEqual({
      model: "Intel(R) Xeon(R) Processor",
      simd: "avx512f",
    });
    expect(cpuInfo(cpuinfo("Old", "sse2")).simd).toBe("unknown");
  });

  it("prints the host, the conv probe of each side and the time-to-quality ratio against PyTorch", () => {
    const row = (method: string, best: number, at: number) => ({
      method,
      evals: 300,
      seconds: 200,
      finalLoss: best,
      bestLoss: best,
      initialLoss: 1e6,
      bestAtEvals: 150,
      bestAtSeconds: at,
    });
    const report = {
      version: 1,
      date: "",
      settings: {},
      timing: [],
      ratios: [],
      plots: [],
      machine: { cpus: 2, cpuModel: "AMD EPYC 7B13", simd: "avx2", totalMemMB: 1, node: "v20", platform: "linux-x64" },
      probe: { tfjs: { conv: "3x3 64->64 128x128", gflops: 13.1, backend: "wasm" }, torch: { conv: "3x3 64->64 128x128", gflops: 160.5, threads: 2 } },
      torch: { available: true, note: "this run", rows: [] },
      quality: [
        {
          size: [256, 192],
          torch: row("wolfe", 4.5e4, 120),
          target: 4.5e4,
          ours: { method: "default", reachedAtEvals: 60, reachedAtSeconds: 96, bestLoss: 4.4e4, evalFraction: 0.2 },
          timeRatio: 0.8,
        },
        {
          size: [512, 384],
          torch: row("wolfe", 4.4e4, 600),
          target: 4.4e4,
          ours: { method: "default", reachedAtEvals: null, reachedAtSeconds: null, bestLoss: 4.6e4, evalFraction: null },
          timeRatio: null,
          atOwnBest: { loss: 4.6e4, ours: { evals: 140, seconds: 900 }, torch: { evals: 150, seconds: 450 }, timeRatio: 2, evalRatio: 0.933 },
        },
      ],
    } as unknown as BenchReport;
    const table = formatTable(report);
    expect(table).toContain("Host: AMD EPYC 7B13, 2 cores, SIMD avx2");
    expect(table).toContain("tfjs 13.1 GFLOP/s, PyTorch 160.5 GFLOP/s");
    expect(table).toMatch(/PyTorch wolfe \(the target\).*best 4\.500e\+4 at eval 150, 120 s/);
    expect(table).toContain("0.80× PyTorch's seconds");
    // Both sizes, each under its own heading; where Restyle stops short, the ratio at its own best.
    expect(table).toContain("Time to quality (256×192):");
    expect(table).toContain("Time to quality (512×384):");
    expect(table).toContain("at Restyle's best, 46000: Restyle 140 evals, 900 s; PyTorch wolfe 150 evals, 450 s: 2× the seconds, 0.933× the evaluations");
  });
});

import { describe, expect, it } from "vitest";
import { iterationFlops } from "../../benchmarks/flops";
import { combos, PRIOR_GFLOPS, Throughput } from "../../benchmarks/budget";
import { lineChartSvg } from "../../benchmarks/svg-plot";
import { formatTable, ratiosFor, type BenchReport, type TimingRow } from "../../benchmarks/report";
import { parseBenchArgs } from "../../benchmarks/bench-args";
import { timeToLoss } from "../../benchmarks/convergence";
import { referenceRow, type TorchQualityLine } from "../../benchmarks/quality-reference";

describe("bench helpers", () => {
  it("counts FLOPs as ../shared/bench/flops.py does (full preset: 25.4 / 101.5 / 406.1 GFLOP)", () => {
    expect(iterationFlops("full", 128) / 1e9).toBeCloseTo(25.38, 1);
    expect(iterationFlops("full", 256) / 1e9).toBeCloseTo(101.5, 0);
    expect(iterationFlops("full", 512) / 1e9).toBeCloseTo(406.1, 0);
    // Lite stops at conv3_2: well under half the full network's work.
    expect(iterationFlops("lite", 256) / iterationFlops("full", 256)).toBeLessThan(0.5);
  });

  it("projects from priors, learns from measurements, and says what it skips", () => {
    const t = new Throughput();
    const c = { backend: "cpu" as const, preset: "full" as const, size: 512 };
    expect(t.get("cpu")).toBe(PRIOR_GFLOPS.cpu);
    expect(t.projectMs(c, 5) / 1000).toBeGreaterThan(3600); // hours on the JS cpu backend
    t.record({ backend: "cpu", preset: "full", size: 128 }, 2000); // measured much faster than the prior
    expect(t.get("cpu")).toBeCloseTo(25.38 / 2, 0);
    expect(t.projectMs(c, 5)).toBeLessThan(300_000);
    expect(combos(["wasm"], ["lite", "full"], [256, 128]).map((x) => `${x.preset}${x.size}`)).toEqual(["lite128", "lite256", "full128", "full256"]);
  });

  it("draws an SVG with one line per series and a log axis", () => {
    const svg = lineChartSvg({
      title: "t <1>",
      xLabel: "evals",
      yLabel: "loss",
      series: [
        {
          name: "adam",
          points: [
            [0, 1000],
            [10, 100],
            [20, 10],
          ],
        },
        {
          name: "lbfgs",
          points: [
            [0, 1000],
            [10, 10],
            [20, 1],
          ],
        },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain("t &lt;1&gt;");
    expect(svg).toContain("loss (log)");
    expect(svg).toContain(">adam<");
  });

  it("pairs tfjs rows with PyTorch rows into ratios and prints them", () => {
    const row: TimingRow = { backend: "wasm", preset: "full", size: 256, status: "ok", medianMs: 6000, gflopPerIteration: 101.5, gflops: 16.9 };
    const skipped: TimingRow = {
      backend: "cpu",
      preset: "full",
      size: 512,
      status: "skipped",
      reason: "projected 9000 s > budget 240 s",
      gflopPerIteration: 406,
    };
    const ratios = ratiosFor([row, skipped], [{ preset: "full", size: 256, medianMs: 600, impl: "pytorch-cpu" }]);
    expect(ratios).toEqual([expect.objectContaining({ ratio: 10, torchMs: 600 })]);
    const report = {
      version: 1,
      date: "",
      machine: {},
      settings: {},
      timing: [row, skipped],
      torch: { available: false, note: "not run", rows: [] },
      ratios,
      plots: [],
    } as unknown as BenchReport;
    const table = formatTable(report);
    expect(table).toMatch(/wasm\s+full\s+256\s+6,000\s+16\.9.*600\s+10\.0×/);
    expect(table).toMatch(/cpu\s+full\s+512.*skipped: projected 9000 s > budget 240 s/);
  });

  it("parses bench options and refuses unknown ones", () => {
    const s = parseBenchArgs(["--sizes", "64,128", "--backends", "wasm", "--presets", "lite", "--no-torch"], { shared: "/s" });
    expect(s).toMatchObject({ sizes: [64, 128], backends: ["wasm"], presets: ["lite"], torch: false, profile: true, shared: "/s" });
    expect(parseBenchArgs(["--no-profile"], { shared: "" })).toMatchObject({ profile: false });
    // Time to quality at both of the sizes unless told one.
    expect(parseBenchArgs(["--quality"], { shared: "" })).toMatchObject({ quality: true, qualitySizes: [256, 512], qualityEvals: 300 });
    expect(parseBenchArgs(["--quality", "--quality-size", "512"], { shared: "" })).toMatchObject({ qualitySizes: [512] });
    expect(() => parseBenchArgs(["--backends", "cuda"], { shared: "" })).toThrow(/unknown cuda/);
    expect(() => parseBenchArgs(["--sizes", "12.5"], { shared: "" })).toThrow(/whole numbers/);
  });

  it("finds the first point of a trace at or below the target", () => {
    expect(
      timeToLoss(
        [
          { evals: 1, seconds: 1, loss: 5 },
          { evals: 2, seconds: 2, loss: 3 },
        ],
        4,
      ),
    ).toEqual({ evals: 2, seconds: 2, loss: 3 });
    expect(timeToLoss([{ evals: 1, seconds: 1, loss: 5 }], 4)).toBeNull();
  });

  it("sets no target when the PyTorch reference did not finish, and times its best where it first reached it", () => {
    const wolfe: TorchQualityLine = {
      method: "wolfe",
      evals: 300,
      seconds: 90,
      final_loss: 48_100,
      initial_loss: 1e6,
      best_loss: 48_000,
      trace: [
        [1, 1, 1e6],
        [150, 40, 48_000],
        [300, 90, 48_100],
      ],
    };
    expect(referenceRow({ ok: false, error: "timed out after 3600 s", value: [wolfe], stdout: "" })).toEqual({
      error: "PyTorch reference did not finish: timed out after 3600 s; no target without it",
    });
    expect(referenceRow({ ok: true, value: [], stdout: "" })).toHaveProperty("error");
    const ok = referenceRow({ ok: true, value: [wolfe], stdout: "" });
    expect("row" in ok && [ok.row.method, ok.row.bestLoss, ok.row.finalLoss, ok.row.bestAtEvals, ok.row.bestAtSeconds]).toEqual([
      "wolfe",
      48_000,
      48_100,
      150,
      40,
    ]);
  });
});

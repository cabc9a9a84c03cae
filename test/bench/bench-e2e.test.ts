// `npm run bench` at a tiny size (never a timed test): it runs and emits valid JSON with the expected keys.
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import type { BenchReport } from "../../benchmarks/report";
import { CLI_BUILD_OPTIONS } from "../../build/cli-options.mjs";
import { CLI_OUT, runNode } from "../cli/build-cli";
import { REPO } from "../helpers/paths";

/** benchmarks/bench.ts bundled as build.mjs's cli target bundles it (into the CLI tests' folder, inside the package). */
async function buildBench(): Promise<string> {
  const outfile = join(CLI_OUT, "bench.js");
  await esbuild.build({ entryPoints: [join(REPO, "benchmarks/bench.ts")], outfile, ...CLI_BUILD_OPTIONS, logLevel: "warning" });
  return outfile;
}

let bench = "";
beforeAll(async () => {
  bench = await buildBench();
});

describe("bench", () => {
  it("times wasm and cpu at 32 px, skips what is over budget, and writes JSON and a table", async () => {
    const out = mkdtempSync(join(tmpdir(), "restyle-bench-"));
    const r = await runNode(
      bench,
      ["--sizes", "32", "--presets", "lite", "--backends", "wasm,cpu", "--iterations", "1", "--warmup", "0", "--no-torch", "--out", out],
      { timeoutMs: 230_000 },
    );
    expect(r.stderr).not.toMatch(/Error:/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as BenchReport;
    expect(report).toMatchObject({ version: 1, torch: { available: false } });
    for (const k of ["date", "machine", "settings", "timing", "ratios", "plots"]) expect(report).toHaveProperty(k);
    const wasm = report.timing.find((t) => t.backend === "wasm")!;
    expect(wasm).toMatchObject({ preset: "lite", size: 32, status: "ok" });
    expect(wasm.medianMs).toBeGreaterThan(0);
    expect(wasm.peakRssMB).toBeGreaterThan(10);
    expect(wasm.peakTensorMB).toBeGreaterThan(0);
    expect(report.timing.find((t) => t.backend === "cpu")?.status).toMatch(/ok|skipped/);
    // PyTorch not run, and the report says so.
    expect(report.torch).toMatchObject({ available: false, note: "not run (--no-torch)", rows: [] });
    // Time to quality only when asked (it needs PyTorch): no section, no plots.
    expect(report.quality).toBeUndefined();
    expect(report.plots).toEqual([]);
    expect(existsSync(join(out, "bench-latest.json"))).toBe(true);
    expect(r.stderr).toMatch(/backend\s+preset\s+size/);
  });
});

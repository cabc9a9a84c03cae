// `npm run bench:gpu`: Chromium WebGL vs PyTorch CUDA on this machine's NVIDIA GPU (gpu-bench.ts), bundled to dist/bench/bench-gpu.js.
// JSON on stdout and in bench-results/bench-gpu.json, a summary on stderr; bounded by --deadline (seconds).
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatGpuReport, runGpuBench } from "./gpu-bench";
import type { PresetName } from "../src/engine/types";
import { findPackageRoot } from "../src/cli/package-root";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "512" },
    preset: { type: "string", default: "full" },
    iterations: { type: "string", default: "10" },
    "allow-software": { type: "boolean", default: false },
    deadline: { type: "string", default: "450" },
  },
});
const root = findPackageRoot();
const preset: PresetName = values.preset === "lite" ? "lite" : "full";
const report = await runGpuBench(
  root,
  {
    sizes: values.sizes.split(",").map(Number),
    preset,
    iterations: Number(values.iterations),
    allowSoftware: values["allow-software"],
    deadlineMs: Number(values.deadline) * 1000,
    shared: resolve(root, "../shared"),
  },
  (s) => process.stderr.write(s + "\n"),
);
const json = JSON.stringify(report, null, 1);
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/bench-gpu.json", json);
process.stdout.write(json + "\n");
process.stderr.write("\n" + formatGpuReport(report) + "\n");
process.stdout.write("", () => process.exit(report.webgl.rows.some((r) => r.result) ? 0 : 7));

// `npm run bench:webgpu`: does Chromium here offer a WebGPU adapter, and does the engine compute the
// same gradients and results on tfjs's WebGPU backend as on cpu? JSON on stdout; exit 0 only when they agree.
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, WEBGPU_ARGS } from "../test/helpers/chromium";
import { serveDir } from "../test/helpers/static-server";
import { findPackageRoot } from "../src/cli/package-root";
import type { WebgpuReport } from "./webgpu-check-entry";

const root = findPackageRoot();
const dir = mkdtempSync(join(tmpdir(), "restyle-webgpu-"));
const profile = mkdtempSync(join(tmpdir(), "restyle-webgpu-profile-"));
await esbuild.build({ entryPoints: [join(root, "benchmarks/webgpu-check-entry.ts")], outfile: join(dir, "page.js"), bundle: true, format: "iife", platform: "browser", target: "es2020", logLevel: "warning" });
writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script src="page.js"></script>`);
const server = await serveDir(dir);
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: WEBGPU_ARGS });
let report: WebgpuReport;
try {
  const page = await context.newPage();
  page.on("console", (m) => process.stderr.write(`page ${m.type()}: ${m.text()}\n`));
  page.setDefaultTimeout(600_000);
  await page.goto(server.url + "index.html");
  report = await page.evaluate(() => window.restyleWebgpuCheck());
} finally {
  await context.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report, null, 1) + "\n");
const gpu = report.runs.find((r) => r.backend === "webgpu");
const cpu = report.runs.find((r) => r.backend === "cpu");
// A float32 central difference through ReLU kinks is only good to a few per cent on any backend, so
// WebGPU's must match cpu's (whose gradients the unit tests check in detail), not an absolute bound.
const agree =
  !!gpu &&
  !!cpu &&
  !report.error &&
  gpu.backwardVsAutodiff < 1e-4 &&
  Math.abs(gpu.gradientVsFiniteDifference - cpu.gradientVsFiniteDifference) < 1e-3 &&
  (report.gradientWebgpuVsCpu ?? 1) < 1e-4 &&
  (report.maxPixelDiff ?? 255) <= 1 &&
  gpu.lossEnd < gpu.lossStart &&
  gpu.leakedTensors === 0;
if (report.probe) process.stderr.write(`start-up probe: WebGPU ${report.probe.webgpuMs?.toFixed(1)} ms, WebGL ${report.probe.webglMs?.toFixed(1)} ms per pass, picked ${report.probe.picked}${report.probe.reason ? ` (${report.probe.reason})` : ""}; start ${((report.startMs ?? 0) / 1000).toFixed(1)} s\n`);
process.stderr.write(`webgpu adapter: ${report.adapter}; ${agree ? "the engine agrees with cpu on WebGPU" : "WebGPU does NOT agree (or is absent): leave it off"}\n`);
process.exit(agree ? 0 : 1);

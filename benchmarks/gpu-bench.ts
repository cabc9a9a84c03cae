/**
 * `npm run bench:gpu`: on a machine with an NVIDIA GPU, Chromium WebGL vs PyTorch CUDA on the same
 * GPU at 512 px (full preset), in one script under 8 minutes; it installs nothing and says what is missing.
 * Headless Chromium only uses a GPU with the right flags for the machine's drivers, so several
 * flag sets are probed and the first whose renderer is not a software one wins; the report
 * says which flags, renderer and backend were used.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { bundleBenchPage, runBrowserTimings } from "./browser-bench";
import type { BrowserInfo } from "./browser-entry";
import { serveDir } from "../test/helpers/static-server";
import type { TimingResult } from "./time-iterations";
import { runJsonChild } from "./run-child";
import { torchEnv } from "./torch-runner";
import type { PresetName } from "../src/engine/types";
import { messageOf } from "../src/kit/message-of";

const BASE_ARGS = ["--no-sandbox", "--ignore-gpu-blocklist", "--enable-gpu", "--enable-unsafe-webgpu", "--disable-background-networking", "--no-first-run"];

/** Tried in order; the first with a hardware renderer is used. */
export const GPU_FLAG_SETS: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: "angle-vulkan", args: ["--use-angle=vulkan", "--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan", "--disable-vulkan-surface"] },
  { name: "angle-gl-egl", args: ["--use-gl=angle", "--use-angle=gl-egl"] },
  { name: "egl", args: ["--use-gl=egl"] },
  { name: "default", args: [] },
];

export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|mesa offscreen|microsoft basic/i.test(renderer);
}

export interface GpuBenchOptions {
  sizes: number[];
  preset: PresetName;
  iterations: number;
  /** Time WebGL even when only a software renderer is found (for testing the script without a GPU). */
  allowSoftware: boolean;
  deadlineMs: number;
  shared: string;
}

export interface GpuBenchReport {
  date: string;
  gpu: string;
  chromium?: string;
  flags?: { name: string; args: string[] };
  probes: Array<{ name: string; renderer?: string; error?: string }>;
  webgl: { info?: BrowserInfo; rows: Array<{ size: number; result?: TimingResult; error?: string }>; skipped?: string };
  webgpu: string;
  torch: { rows: Array<{ size: number; medianMs: number; gpu?: string; peakGpuBytes?: number }>; note: string };
  ratios: Array<{ size: number; webglMs: number; torchMs: number; ratio: number }>;
  wallS: number;
}

function sh(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs, env: env ?? process.env });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() || String(r.error ?? "") };
}

function gpuName(): string {
  const r = sh("nvidia-smi", ["--query-gpu=name,driver_version,memory.total", "--format=csv,noheader"], 20_000);
  return r.ok ? r.out.split("\n")[0] : "no NVIDIA GPU visible (nvidia-smi failed)";
}

/** The system's Chromium (Debian's, as the tests use; never a downloaded browser). */
function findChromium(): string | undefined {
  const known = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
  return known.find((p): p is string => !!p && existsSync(p));
}

async function probe(root: string, exe: string, args: string[]): Promise<{ renderer?: string; info?: BrowserInfo; error?: string }> {
  const dir = mkdtempSync(join(tmpdir(), "restyle-gpu-probe-"));
  const profile = mkdtempSync(join(tmpdir(), "restyle-gpu-profile-"));
  await bundleBenchPage(root, dir);
  const server = await serveDir(dir);
  try {
    const ctx = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args, timeout: 60_000 });
    try {
      const page = await ctx.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(server.url + "index.html");
      await page.waitForFunction(() => typeof window.restyleBench !== "undefined");
      const info = await page.evaluate(() => window.restyleBench.info());
      return { renderer: info.renderer, info };
    } finally {
      await ctx.close();
    }
  } catch (e) {
    return { error: messageOf(e).split("\n")[0] };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

const CUDA_CHECK = "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 3)";

/** A python whose torch sees CUDA, or why there is none. */
function findCudaTorch(gpuVisible: boolean): { python?: string; note: string } {
  const pythons = [process.env.RESTYLE_PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  const python = pythons.find((py) => sh(py, ["-c", CUDA_CHECK], 60_000, torchEnv()).ok);
  if (python) return { python, note: "" };
  return {
    note: gpuVisible ? "no CUDA-enabled torch (install one, e.g. pip install torch, or name its python in RESTYLE_PYTHON)" : "no CUDA torch, and no NVIDIA GPU",
  };
}

export async function runGpuBench(root: string, o: GpuBenchOptions, log: (s: string) => void): Promise<GpuBenchReport> {
  const t0 = Date.now();
  const leftMs = () => o.deadlineMs - (Date.now() - t0);
  const report: GpuBenchReport = {
    date: new Date().toISOString(),
    gpu: gpuName(),
    probes: [],
    webgl: { rows: [] },
    webgpu: "",
    torch: { rows: [], note: "" },
    ratios: [],
    wallS: 0,
  };
  log(`bench:gpu: ${report.gpu}`);
  const torch = findCudaTorch(!report.gpu.startsWith("no NVIDIA GPU"));

  const exe = findChromium();
  if (!exe) report.webgl.skipped = "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)";
  else {
    report.chromium =
      sh(exe, ["--version"], 20_000)
        .out.split("\n")
        .find((l) => /chrom/i.test(l)) ?? "?";
    let chosen: { name: string; args: string[]; info: BrowserInfo } | undefined;
    let fallback: typeof chosen;
    for (const set of GPU_FLAG_SETS) {
      if (leftMs() < 180_000) break;
      const args = [...BASE_ARGS, ...set.args];
      const p = await probe(root, exe, args);
      report.probes.push({ name: set.name, renderer: p.renderer, error: p.error });
      log(`bench:gpu: flags ${set.name}: ${p.renderer ?? p.error}`);
      if (p.info && !isSoftwareRenderer(p.info.renderer)) {
        chosen = { name: set.name, args, info: p.info };
        break;
      }
      if (p.info && !fallback) fallback = { name: set.name, args, info: p.info };
    }
    if (!chosen && o.allowSoftware) chosen = fallback;
    if (!chosen) report.webgl.skipped = "no hardware WebGL renderer with any flag set (software rendering would take hours at 512 px); see probes";
    else {
      report.flags = { name: chosen.name, args: chosen.args };
      report.webgl.info = chosen.info;
      const run = await runBrowserTimings(
        root,
        o.sizes.map((size) => ({ preset: o.preset, size, iterations: o.iterations, warmup: 2, budgetMs: Math.max(10_000, leftMs() / 3) })),
        { args: chosen.args, executable: exe, timeoutMs: Math.max(60_000, leftMs() - 60_000), log },
      );
      report.webgl.rows = run.results.map((r) => ({ size: r.req.size, result: r.result, error: r.error }));
      report.webgpu = `WebGPU: ${chosen.info.webgpu}; not timed here (the engine's start probe compares it with WebGL)`;
    }
  }

  if (torch.python && leftMs() > 30_000) {
    const args = [
      join(root, "benchmarks/torch_reference.py"),
      "iter",
      "--device",
      "cuda",
      "--preset",
      o.preset,
      "--sizes",
      ...o.sizes.map(String),
      "--iters",
      "20",
      "--warmup",
      "3",
    ];
    const vgg = join(o.shared, "vgg19");
    if (existsSync(vgg)) args.push("--weights", vgg);
    const r = await runJsonChild<{ size: number; median_ms: number; gpu?: string; peak_gpu_bytes?: number; torch: string }>(torch.python, args, {
      timeoutMs: Math.max(20_000, leftMs() - 10_000),
      env: torchEnv(),
    });
    report.torch.rows = (r.value ?? []).map((l) => ({ size: l.size, medianMs: l.median_ms, gpu: l.gpu, peakGpuBytes: l.peak_gpu_bytes }));
    report.torch.note = `${torch.python}, torch ${r.value?.[0]?.torch ?? "?"}${torch.note ? ", " + torch.note : ""}${r.ok ? "" : ", " + r.error}`;
  } else report.torch.note = torch.note || "out of time";

  for (const w of report.webgl.rows) {
    const t = report.torch.rows.find((x) => x.size === w.size);
    if (w.result && t)
      report.ratios.push({ size: w.size, webglMs: w.result.medianMs, torchMs: t.medianMs, ratio: +(w.result.medianMs / t.medianMs).toFixed(2) });
  }
  report.wallS = Math.round((Date.now() - t0) / 1000);
  return report;
}

export function formatGpuReport(r: GpuBenchReport): string {
  const lines = [`GPU: ${r.gpu}`, `Chromium: ${r.chromium ?? "-"}  flags: ${r.flags ? `${r.flags.name} (${r.flags.args.join(" ")})` : "-"}`];
  lines.push(
    `WebGL renderer: ${r.webgl.info?.renderer ?? "-"}  backend: ${r.webgl.info?.backend ?? "-"}${r.webgl.skipped ? `  skipped: ${r.webgl.skipped}` : ""}`,
  );
  lines.push(r.webgpu);
  lines.push("size  WebGL ms/iter  PyTorch CUDA ms/iter  ratio  WebGL peak GPU MB (texture pool MB)");
  for (const w of r.webgl.rows) {
    const ratio = r.ratios.find((x) => x.size === w.size);
    const t = r.torch.rows.find((x) => x.size === w.size);
    lines.push(
      `${String(w.size).padStart(4)}  ${(w.result ? String(w.result.medianMs) : (w.error ?? "-")).padStart(13)}  ${(t ? String(t.medianMs) : "-").padStart(20)}  ${(ratio ? ratio.ratio + "×" : "-").padStart(5)}  ${w.result ? `${Math.round((w.result.peakGpuBytes ?? 0) / 2 ** 20)} (${Math.round((w.result.gpuBytesAllocated ?? 0) / 2 ** 20)})` : "-"}`,
    );
  }
  lines.push(`PyTorch: ${r.torch.note}`, `wall: ${r.wallS} s`);
  return lines.join("\n");
}

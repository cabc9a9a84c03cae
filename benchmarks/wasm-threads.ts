/**
 * `npm run bench:threads -- [--sizes 128,256] [--presets lite,full] [--iterations 3] [--warmup 1] [--where browser,node]`:
 * what tfjs's multi-threaded wasm gives per iteration (forward + backward, timeIterations) against
 * one thread, side by side in one run. JSON on stdout (and bench-results/bench-threads.json), a table on stderr.
 *
 * browser: headless Chromium, one page per variant, all open at once and taken in turn for each
 * preset and size (so the load moves all of them alike): wasm SIMD on a plain page; the threaded
 * SIMD binary on a cross-origin isolated page with 1 thread, and with as many threads as the
 * machine has logical cores. tfjs caps its pool at half the logical cores (one thread on 2), so
 * that page reports twice the cores to tfjs (navigator.hardwareConcurrency) to lift the cap.
 * node: each variant in its own process: the shipped single-threaded SIMD backend, and the threaded
 * binary started by hand (node-wasm-threads.ts) with 1 thread and with every core (cap lifted).
 */
import type { Page } from "playwright-core";
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { PresetName } from "../src/engine/types";
import { presetLayers } from "../src/weights/core/preset-layers";
import { randomVggWeights } from "../src/weights/core/random";
import { useNodeBackend } from "../src/node/backend";
import { findPackageRoot } from "../src/cli/package-root";
import { messageOf } from "../src/kit/message-of";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/helpers/chromium";
import { bundleBenchPage, serveBenchPage } from "./browser-bench";
import type { WasmInfo } from "./browser-entry";
import { cpuInfo } from "./host-probe";
import { useThreadedWasmInNode } from "./node-wasm-threads";
import { runJsonChild } from "./run-child";
import { timeIterations, type TimingRequest, type TimingResult } from "./time-iterations";

type Where = "browser" | "node";

interface Variant {
  where: Where;
  name: string;
  /** browser: the page's query and whether it is cross-origin isolated; node: how the child starts wasm. */
  query?: string;
  isolated?: boolean;
  liftCap?: boolean;
  node?: { threaded: boolean; threads: number };
}

interface Row {
  where: Where;
  variant: string;
  preset: PresetName;
  size: number;
  threads?: number;
  medianMs?: number;
  timedMs?: number[];
  loss?: number;
  error?: string;
}

const CHILD_FLAG = "--child";

function variants(where: Where[], cores: number): Variant[] {
  const out: Variant[] = [];
  if (where.includes("browser")) {
    out.push({ where: "browser", name: "wasm SIMD (not isolated)", query: "backend=wasm" });
    out.push({ where: "browser", name: "threaded SIMD, 1 thread", query: "backend=wasm&threads=1", isolated: true });
    out.push({ where: "browser", name: `threaded SIMD, ${cores} threads (cap lifted)`, query: `backend=wasm&threads=${cores}`, isolated: true, liftCap: true });
  }
  if (where.includes("node")) {
    out.push({ where: "node", name: "wasm SIMD (shipped)", node: { threaded: false, threads: 1 } });
    out.push({ where: "node", name: "threaded SIMD, 1 thread", node: { threaded: true, threads: 1 } });
    out.push({ where: "node", name: `threaded SIMD, ${cores} threads (cap lifted)`, node: { threaded: true, threads: cores }, liftCap: true });
  }
  return out;
}

/** In a child process: start wasm as asked, time one request, print the result. */
async function child(arg: { req: TimingRequest; threaded: boolean; threads: number; liftCap: boolean }): Promise<void> {
  const threads = arg.threaded ? await useThreadedWasmInNode(arg.threads, { liftCap: arg.liftCap }) : (await useNodeBackend("wasm"), 1);
  const weights = randomVggWeights(presetLayers(arg.req.preset), 1);
  const r = await timeIterations(weights, arg.req);
  weights.dispose();
  process.stdout.write(JSON.stringify({ ...r, threads }) + "\n");
}

/** One page per browser variant, opened once. */
async function openPages(root: string, vs: Variant[], log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "restyle-threads-page-"));
  const profile = mkdtempSync(join(tmpdir(), "restyle-threads-profile-"));
  await bundleBenchPage(root, dir);
  const plain = await serveBenchPage(dir);
  const isolated = await serveBenchPage(dir, { isolated: true });
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const pages = new Map<string, { page: Page; info: WasmInfo }>();
  const consoleLines: string[] = [];
  try {
    for (const v of vs) {
      const page = await context.newPage();
      page.on("console", (m) => consoleLines.push(`${v.name}: ${m.type()}: ${m.text()}`));
      page.setDefaultTimeout(900_000);
      // tfjs's C++ side reads navigator.hardwareConcurrency for its cap: doubled before any script runs.
      if (v.liftCap) {
        await page.addInitScript(() => {
          const real = navigator.hardwareConcurrency;
          Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => 2 * real, configurable: true });
        });
      }
      await page.goto(`${(v.isolated ? isolated : plain).url}index.html?${v.query}`);
      await page.waitForFunction(() => typeof window.restyleBench !== "undefined");
      const info = await page.evaluate(() => window.restyleBench.info());
      if (!info.wasm) throw new Error(`${v.name}: the page did not start wasm`);
      log(`browser ${v.name}: threads ${info.wasm.threads}, crossOriginIsolated ${info.wasm.crossOriginIsolated}, multithread ${info.wasm.multithread}, hardwareConcurrency ${info.wasm.hardwareConcurrency}`);
      pages.set(v.name, { page, info: info.wasm });
    }
  } catch (e) {
    await context.close();
    throw e;
  }
  return {
    pages,
    consoleLines,
    /** What tfjs picks on an isolated page when nobody sets the count (its default). */
    async defaultThreads(): Promise<WasmInfo> {
      const page = await context.newPage();
      try {
        await page.goto(`${isolated.url}index.html?backend=wasm`);
        await page.waitForFunction(() => typeof window.restyleBench !== "undefined");
        return (await page.evaluate(() => window.restyleBench.info())).wasm!;
      } finally {
        await page.close();
      }
    },
    async close() {
      await context.close();
      await plain.close();
      await isolated.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === CHILD_FLAG) return child(JSON.parse(argv[1]));
  const { values } = parseArgs({ args: argv, options: { sizes: { type: "string" }, presets: { type: "string" }, iterations: { type: "string" }, warmup: { type: "string" }, where: { type: "string" }, json: { type: "string" } } });
  const sizes = (values.sizes ?? "128,256").split(",").map(Number);
  const presets = (values.presets ?? "lite,full").split(",") as PresetName[];
  const where = (values.where ?? "browser,node").split(",") as Where[];
  if (sizes.some((s) => !Number.isInteger(s) || s < 16 || s > 2048) || presets.some((p) => p !== "lite" && p !== "full") || where.some((w) => w !== "browser" && w !== "node")) {
    throw new Error("usage: --sizes 128,256 --presets lite,full --where browser,node --iterations N --warmup N");
  }
  const iterations = Number(values.iterations ?? 3);
  const warmup = Number(values.warmup ?? 1);
  const cores = cpus().length;
  const root = findPackageRoot();
  const self = fileURLToPath(import.meta.url);
  const log = (s: string) => process.stderr.write(s + "\n");
  const vs = variants(where, cores);
  const rows: Row[] = [];
  const loadStart = loadavg();
  const browser = vs.some((v) => v.where === "browser") ? await openPages(root, vs.filter((v) => v.where === "browser"), log) : null;
  let tfjsDefault: WasmInfo | undefined;
  try {
    tfjsDefault = await browser?.defaultThreads();
    if (tfjsDefault) log(`browser, isolated page, thread count left to tfjs: ${tfjsDefault.threads} (hardwareConcurrency ${tfjsDefault.hardwareConcurrency})`);
    for (const preset of presets) {
      for (const size of sizes) {
        const req: TimingRequest = { preset, size, iterations, warmup, budgetMs: 600_000, fastGrad: true, profile: false };
        for (const v of vs) {
          log(`${v.where} ${v.name}: ${preset} ${size} px… (load ${loadavg()[0].toFixed(2)})`);
          const row: Row = { where: v.where, variant: v.name, preset, size };
          try {
            let r: TimingResult & { threads?: number };
            if (v.where === "browser") {
              const p = browser!.pages.get(v.name)!;
              r = { ...(await p.page.evaluate((q) => window.restyleBench.bench(q), req)), threads: p.info.threads };
            } else {
              const out = await runJsonChild<TimingResult & { threads: number }>(process.execPath, [self, CHILD_FLAG, JSON.stringify({ req, ...v.node, liftCap: !!v.liftCap })], { timeoutMs: 900_000 });
              const last = out.value?.[out.value.length - 1];
              if (!out.ok || !last) throw new Error(out.error ?? "no result");
              r = last;
            }
            Object.assign(row, { threads: r.threads, medianMs: r.medianMs, timedMs: r.timedMs, loss: r.loss });
          } catch (e) {
            row.error = messageOf(e).split("\n")[0];
          }
          rows.push(row);
        }
      }
    }
  } finally {
    await browser?.close();
  }
  const ratios = rows
    .filter((r) => r.medianMs && /cap lifted/.test(r.variant))
    .map((r) => {
      const one = rows.find((o) => o.where === r.where && o.preset === r.preset && o.size === r.size && /1 thread$/.test(o.variant));
      const simd = rows.find((o) => o.where === r.where && o.preset === r.preset && o.size === r.size && /^wasm SIMD/.test(o.variant));
      return { where: r.where, preset: r.preset, size: r.size, threads: r.threads, speedupOverOneThread: one?.medianMs ? +(one.medianMs / r.medianMs!).toFixed(2) : null, speedupOverSimd: simd?.medianMs ? +(simd.medianMs / r.medianMs!).toFixed(2) : null };
    });
  const report = { date: new Date().toISOString(), host: { ...cpuInfo(), cores }, load: { start: loadStart, end: loadavg() }, iterations, warmup, tfjsDefault, rows, ratios, console: browser?.consoleLines.slice(0, 20) };
  const json = JSON.stringify(report, null, 1);
  mkdirSync(join(root, "bench-results"), { recursive: true });
  writeFileSync(join(root, "bench-results", "bench-threads.json"), json);
  if (values.json) writeFileSync(values.json, json);
  process.stdout.write(json + "\n");
  const lines = [`${report.host.model} (${report.host.simd}), ${cores} logical cores; load ${loadStart.map((v) => v.toFixed(2)).join(" ")} → ${report.load.end.map((v) => v.toFixed(2)).join(" ")}`];
  if (tfjsDefault) lines.push(`tfjs's own thread count on an isolated page: ${tfjsDefault.threads} (it caps at hardwareConcurrency / 2 = ${tfjsDefault.hardwareConcurrency} / 2)`);
  // Every variant runs the same objective on the same pixels: one loss per preset and size, or a binary computes differently.
  lines.push("where    variant                                   preset  size  threads  ms/iteration  loss");
  for (const r of rows) lines.push(`${r.where.padEnd(8)} ${r.variant.padEnd(41)} ${r.preset.padEnd(6)} ${String(r.size).padStart(5)}  ${String(r.threads ?? "-").padStart(7)}  ${r.medianMs !== undefined ? `${String(r.medianMs).padStart(12)}  ${r.loss}` : r.error}`);
  lines.push("speed-up of every core over 1 thread (and over the single-threaded SIMD binary):");
  for (const q of ratios) lines.push(`  ${q.where} ${q.preset} ${q.size}: ${q.speedupOverOneThread ?? "-"}× (${q.speedupOverSimd ?? "-"}×)`);
  process.stderr.write("\n" + lines.join("\n") + "\n");
}

await main(process.argv.slice(2));
// The threaded backend's workers would keep a child alive.
process.stdout.write("", () => process.exit(0));

/**
 * WebGL timings in headless Chromium (Debian's, driven by playwright-core): bundles
 * browser-entry.ts, serves it on 127.0.0.1, and runs each request in one page, so shader
 * compilation is paid once per size rather than once per run. The same page measures the
 * resolution section's sizes (size-cost.ts).
 */
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/helpers/chromium";
import { serveDir } from "../test/helpers/static-server";
import type { BrowserInfo } from "./browser-entry";
import type { TimingRequest, TimingResult } from "./time-iterations";

export type BrowserRun = PageRun<TimingRequest, TimingResult>;

export async function bundleBenchPage(root: string, dir: string): Promise<void> {
  await esbuild.build({
    entryPoints: [join(root, "benchmarks/browser-entry.ts")],
    outfile: join(dir, "bench.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    logLevel: "warning",
  });
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><title>restyle bench</title><script src="bench.js"></script>`);
}

export interface PageRun<Req, Res> {
  info?: BrowserInfo;
  results: Array<{ req: Req; result?: Res; error?: string }>;
  console: string[];
}

/** Runs each request through one of the bench page's functions (`window.restyleBench[method]`), in one page. */
export async function runBenchPage<Req, Res>(
  root: string,
  method: "bench" | "resolution",
  reqs: readonly Req[],
  opts: {
    args?: string[];
    executable?: string;
    timeoutMs: number;
    log: (s: string) => void;
    before?: (req: Req) => boolean;
    onResult?: (req: Req, r: Res) => void;
  },
): Promise<PageRun<Req, Res>> {
  const dir = mkdtempSync(join(tmpdir(), "restyle-bench-page-"));
  const profile = mkdtempSync(join(tmpdir(), "restyle-bench-profile-"));
  const out: PageRun<Req, Res> = { results: [], console: [] };
  await bundleBenchPage(root, dir);
  const server = await serveDir(dir);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: opts.executable ?? CHROMIUM,
    headless: true,
    args: opts.args ?? CHROMIUM_ARGS,
  });
  try {
    const page = await context.newPage();
    page.on("console", (m) => out.console.push(`${m.type()}: ${m.text()}`));
    page.setDefaultTimeout(opts.timeoutMs);
    await page.goto(server.url + "index.html");
    await page.waitForFunction(() => typeof window.restyleBench !== "undefined");
    out.info = await page.evaluate(() => window.restyleBench.info());
    opts.log(`webgl: ${out.info.renderer}`);
    for (const req of reqs) {
      if (opts.before && !opts.before(req)) continue;
      try {
        const result = (await page.evaluate(([m, r]) => (window.restyleBench[m] as (x: unknown) => Promise<unknown>)(r), [method, req] as const)) as Res;
        out.results.push({ req, result });
        opts.onResult?.(req, result);
      } catch (e) {
        out.results.push({ req, error: e instanceof Error ? e.message.split("\n")[0] : String(e) });
      }
    }
  } finally {
    await context.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}

export function runBrowserTimings(
  root: string,
  reqs: readonly TimingRequest[],
  opts: Parameters<typeof runBenchPage<TimingRequest, TimingResult>>[3],
): Promise<BrowserRun> {
  return runBenchPage<TimingRequest, TimingResult>(root, "bench", reqs, opts);
}

/**
 * WebGL timings in headless Chromium (Debian's, driven by playwright-core): bundles
 * browser-entry.ts, serves it on 127.0.0.1, and runs each request in one page, so shader
 * compilation is paid once per size rather than once per run.
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

export interface BrowserRun {
  info?: BrowserInfo;
  results: Array<{ req: TimingRequest; result?: TimingResult; error?: string }>;
  console: string[];
}

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

export async function runBrowserTimings(
  root: string,
  reqs: readonly TimingRequest[],
  opts: {
    args?: string[];
    executable?: string;
    timeoutMs: number;
    log: (s: string) => void;
    before?: (req: TimingRequest) => boolean;
    onResult?: (req: TimingRequest, r: TimingResult) => void;
  },
): Promise<BrowserRun> {
  const dir = mkdtempSync(join(tmpdir(), "restyle-bench-page-"));
  const profile = mkdtempSync(join(tmpdir(), "restyle-bench-profile-"));
  const out: BrowserRun = { results: [], console: [] };
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
        const result = await page.evaluate((r) => window.restyleBench.bench(r), req);
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

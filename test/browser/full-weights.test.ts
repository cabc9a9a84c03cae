/**
 * The Full download where users meet it: Chromium, over fetch, cross-origin to a local stand-in of
 * raw.githubusercontent.com (real bytes of groups 1–8, seeded 9–16, CORS headers as GitHub sends
 * them). Cache Storage on a page with an origin; an opaque-origin iframe (as Figma's) keeps nothing
 * and hashes without WebCrypto.
 */
import * as esbuild from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Launched } from "../helpers/chromium";
import { REPO } from "../helpers/paths";
import { serveDir, type StaticServer } from "../helpers/static-server";
import { FULL_SHARDS, githubTree, serveGithubTree, type GithubServer } from "../weights/github-fixture";
import type { FullRunReport, FullRunRequest } from "./full-weights-entry";

const FULL_BYTES = 51_779_840;
let dir: string;
let pageServer: StaticServer;
let host: GithubServer;
let browser: Launched;
const table = [...githubTree().table.values()].map((r) => [r.path, r.bytes, r.gitSha1] as [string, number, string]);
const shardRequests = () => host.requests.filter((p) => p !== "model.json");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "restyle-full-weights-"));
  await esbuild.build({
    entryPoints: [join(REPO, "test/browser/full-weights-entry.ts")],
    outfile: join(dir, "page.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    define: { "process.env.RESTYLE_WEIGHTS_URL": '""', "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script src="page.js"></script>`);
  // Figma's panel: a sandboxed iframe without allow-same-origin has an opaque origin.
  writeFileSync(join(dir, "opaque.html"), `<!doctype html><meta charset="utf-8"><iframe sandbox="allow-scripts" src="index.html"></iframe>`);
  pageServer = await serveDir(dir);
  host = await serveGithubTree();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await pageServer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the Full weights in Chromium", () => {
  it("download, verify and load; only groups 1–13; progress monotone to the total; cached for the next load; a damaged entry is fetched again", async () => {
    const page = await browser.context.newPage();
    await page.goto(pageServer.url + "index.html");
    const req: FullRunRequest = { base: host.base, table, cache: true };
    host.requests.length = 0;
    const first: FullRunReport = await page.evaluate((r) => window.restyleFull(r), req);
    console.log(`Full from the local server in Chromium: ${Math.round(first.ms)} ms (download, git SHA-1, tensors)`);
    expect(first.message).toBeUndefined();
    expect(first.layers).toHaveLength(13);
    expect(first.leakedTensors).toBe(0);
    expect(first.total).toBe(FULL_BYTES);
    expect(first.progress[0]).toBe(0);
    expect(first.progress.at(-1)).toBe(FULL_BYTES);
    for (let i = 1; i < first.progress.length; i++) expect(first.progress[i]).toBeGreaterThanOrEqual(first.progress[i - 1]);
    expect(first.note).toBe("Full downloads 52 MB of weights once; this browser keeps them.");
    expect([...host.requests].sort()).toEqual(["model.json", ...FULL_SHARDS().map((r) => r.path)].sort());

    host.requests.length = 0;
    const second: FullRunReport = await page.evaluate((r) => window.restyleFull(r), req);
    expect(second.ok).toBe(true);
    expect(shardRequests()).toEqual([]);

    // Damage one saved shard in Cache Storage: it is re-verified on read and fetched again.
    await page.evaluate(async () => {
      const c = await caches.open("restyle-weights-v1");
      const key = (await c.keys()).find((k) => k.url.includes("group6-shard1of1"))!;
      const bytes = new Uint8Array(await (await c.match(key))!.arrayBuffer());
      bytes[1234] ^= 0x40;
      await c.put(key, new Response(bytes));
    });
    host.requests.length = 0;
    const third: FullRunReport = await page.evaluate((r) => window.restyleFull(r), req);
    expect(third.ok).toBe(true);
    expect(shardRequests()).toEqual(["group6-shard1of1"]);

    await page.evaluate(() => window.restyleForget());
    expect(await page.evaluate(async () => (await (await caches.open("restyle-weights-v1")).keys()).length)).toBe(0);
    await page.close();
  }, 120_000);

  it("a host without Access-Control-Allow-Origin: a plain message naming the file, nothing loaded", async () => {
    const page = await browser.context.newPage();
    await page.goto(pageServer.url + "index.html");
    host.cors = false;
    try {
      const r: FullRunReport = await page.evaluate((q) => window.restyleFull(q), { base: host.base, table, cache: false });
      expect(r.ok).toBe(false);
      expect(r.code).toBe("weights-network");
      expect(r.message).toMatch(
        /^Could not download model\.json from 127\.0\.0\.1:\d+: the network is down or the server does not allow cross-origin requests \(CORS\); check your connection and try again, or load the weights from a file\.$/,
      );
      expect(r.leakedTensors).toBe(0);
    } finally {
      host.cors = true;
      await page.close();
    }
  }, 60_000);

  it("in an opaque-origin iframe (Figma's panel): no cache, says so before downloading, hashes without WebCrypto", async () => {
    const page = await browser.context.newPage();
    await page.goto(pageServer.url + "opaque.html");
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await frame.waitForFunction(() => typeof window.restyleFull === "function");
    host.requests.length = 0;
    const r: FullRunReport = await frame.evaluate((q) => window.restyleFull(q), { base: host.base, table, cache: true, noSubtle: true });
    console.log(`Full in an opaque-origin iframe, @noble/hashes SHA-1: ${Math.round(r.ms)} ms`);
    expect(r.message).toBeUndefined();
    expect(r.note).toBe("Full downloads 52 MB of weights, once per session.");
    expect(r.layers).toHaveLength(13);
    expect(r.leakedTensors).toBe(0);
    expect(shardRequests()).toHaveLength(22);
    await page.close();
  }, 120_000);
});

/**
 * First-use weights (src/weights/node/cached-weights.ts): where the cache is, which hosts the
 * download may use, the Full preset from the pinned layout, and a broken-off download resumed
 * without fetching again what it already verified.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PINNED_BASE_URL } from "../../src/weights/core/pinned-source";
import { weightsCacheDir } from "../../src/weights/node/cache-dir";
import { ensureCachedWeights } from "../../src/weights/node/cached-weights";
import { pinnedWeightsFolder } from "../../src/weights/node/weights-origin";
import { FULL_SHARDS, githubTree, serveGithubTree, type GithubServer } from "./github-fixture";

describe("weightsCacheDir", () => {
  it("RESTYLE_CACHE_DIR, else an absolute XDG_CACHE_HOME/restyle, else ~/.cache/restyle", () => {
    expect(weightsCacheDir({ RESTYLE_CACHE_DIR: "/c/r", XDG_CACHE_HOME: "/x" }, "/h")).toBe("/c/r");
    expect(weightsCacheDir({ XDG_CACHE_HOME: "/x" }, "/h")).toBe("/x/restyle");
    expect(weightsCacheDir({ XDG_CACHE_HOME: "relative" }, "/h")).toBe("/h/.cache/restyle");
    expect(weightsCacheDir({}, "/h")).toBe("/h/.cache/restyle");
  });
});

describe("pinnedWeightsFolder", () => {
  it("is the pinned GitHub folder unless a loopback mirror replaces its origin", () => {
    expect(pinnedWeightsFolder({})).toBe(PINNED_BASE_URL);
    expect(pinnedWeightsFolder({ RESTYLE_WEIGHTS_MIRROR: "http://127.0.0.1:8000" })).toBe(`http://127.0.0.1:8000${new URL(PINNED_BASE_URL).pathname}`);
    expect(pinnedWeightsFolder({ RESTYLE_WEIGHTS_MIRROR: "http://[::1]:1/" })).toBe(`http://[::1]:1${new URL(PINNED_BASE_URL).pathname}`);
  });
  it.each(["https://evil.example", "http://10.0.0.1:80", "http://127.0.0.1:80/other/", "file:///tmp", "not a url", "http://127.0.0.1.evil.example"])("refuses %s", (m) => {
    expect(() => pinnedWeightsFolder({ RESTYLE_WEIGHTS_MIRROR: m })).toThrow(expect.objectContaining({ code: "bad-options" }));
  });
});

describe("ensureCachedWeights", () => {
  let server: GithubServer;
  let tmp: string;
  beforeAll(async () => {
    server = await serveGithubTree();
    tmp = mkdtempSync(join(tmpdir(), "restyle-cache-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  const env = (dir: string) => ({ RESTYLE_CACHE_DIR: join(tmp, dir), RESTYLE_WEIGHTS_MIRROR: new URL(server.base).origin });

  it("the Full preset: model.json and groups 1–13, once; the next call reads the cache", async () => {
    server.requests.length = 0;
    server.fault = null;
    const totals: number[] = [];
    const dir = await ensureCachedWeights("full", { env: env("full"), table: githubTree().table, log: () => undefined, onProgress: (p) => totals.push(p.received) });
    expect(dir).toBe(join(tmp, "full/full"));
    expect(existsSync(join(dir, "manifest.json"))).toBe(true);
    expect([...server.requests].sort()).toEqual(["model.json", ...FULL_SHARDS().map((r) => r.path)].sort());
    expect(totals[totals.length - 1]).toBe(FULL_SHARDS().reduce((s, r) => s + r.bytes, 0));
    await ensureCachedWeights("full", { env: env("full"), table: githubTree().table, log: () => undefined });
    expect(server.requests.length).toBe(FULL_SHARDS().length + 1);
  });

  it("a download that broke off resumes: only the shard that failed is fetched again", async () => {
    server.requests.length = 0;
    server.fault = (_req, res, path) => {
      if (path !== "group6-shard1of1") return false;
      res.writeHead(404).end();
      return true;
    };
    const opts = { env: env("resume"), log: () => undefined };
    await expect(ensureCachedWeights("lite", opts)).rejects.toMatchObject({ code: "weights-missing", message: expect.stringMatching(/could not be downloaded.*RESTYLE_WEIGHTS_FROM/) });
    expect(existsSync(join(tmp, "resume/lite"))).toBe(false);
    const kept = readdirSync(join(tmp, "resume/download/github")).filter((f) => f.startsWith("group"));
    expect(kept.length).toBeGreaterThan(0);
    server.fault = null;
    server.requests.length = 0;
    await ensureCachedWeights("lite", opts);
    expect(server.requests.filter((p) => kept.includes(p))).toEqual([]);
    expect(server.requests).toContain("group6-shard1of1");
    expect(existsSync(join(tmp, "resume/lite/manifest.json"))).toBe(true);
  });
});

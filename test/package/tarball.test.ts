/**
 * The package as a user gets it: `npm pack`, installed into a fresh prefix in a temporary folder,
 * `restyle` run from there with an empty cache. Against a local mirror of the pinned GitHub layout
 * on 127.0.0.1 it must request exactly model.json and the Lite preset's shards, once; with
 * RESTYLE_WEIGHTS_FROM it converts the local copy and requests nothing. A second run reads the cache.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presetLayers } from "../../src/weights/core/preset-layers";
import { IMAGES, VGG_RAW } from "../helpers/paths";
import { readShardsTsv, serveGithubTree, type GithubServer } from "../weights/github-fixture";
import { installTarball, npmPack, type Packed } from "./install-tarball";

let tmp: string;
let packed: Packed;
let restyle: string;
let server: GithubServer;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "restyle-pkg-"));
  packed = npmPack(tmp);
  restyle = installTarball(packed.tarball, join(tmp, "prefix"));
  server = await serveGithubTree();
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed bin (or node with `args`) with only the environment a user would have (no RESTYLE_* leaking in). */
function run(args: string[], env: Record<string, string>, command = restyle): Promise<Ran> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("RESTYLE_") && k !== "XDG_CACHE_HOME")) as Record<string, string>;
  const cwd = join(tmp, "work");
  mkdirSync(cwd, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...base, HOME: join(tmp, "home"), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const PNG_MAGIC = "89504e470d0a1a0a";
const tiny = (out: string) => [
  join(IMAGES, "fixture_content_64x64.png"),
  join(IMAGES, "fixture_style_32x48.png"),
  "--size",
  "32",
  "--iterations",
  "2",
  "-o",
  join(tmp, out),
];
const pngAt = (out: string) => readFileSync(join(tmp, out)).subarray(0, 8).toString("hex");

/** model.json and the shards of groups 1…n, where n is the number of conv layers the Lite preset has. */
function liteRequests(): string[] {
  const groups = presetLayers("lite").length;
  return [
    "model.json",
    ...readShardsTsv()
      .filter((r) => Number(/^group(\d+)-/.exec(r.path)![1]) <= groups)
      .map((r) => r.path),
  ].sort();
}

describe("the npm package", () => {
  it("holds only what runs, within 8 MB", () => {
    expect(packed.size).toBeLessThanOrEqual(8_000_000);
    expect(packed.files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "NOTICE",
        "CHANGELOG.md",
        "dist/cli/restyle.js",
        "dist/lib/index.js",
        "dist/lib/index.d.ts",
        "dist/lib/node/index.js",
      ]),
    );
    const stray = packed.files.filter(
      (f) => !/^(package\.json|README\.md|LICENSE|NOTICE|CHANGELOG\.md|dist\/cli\/restyle\.js|dist\/lib\/.+\.(js|d\.ts))$/.test(f),
    );
    expect(stray).toEqual([]);
    expect(readFileSync(join(tmp, "prefix/lib/node_modules/restyle-nst/dist/cli/restyle.js"), "utf8")).not.toMatch(/benchmarks\//);
  });

  it("restyle --version prints the package's version", async () => {
    const r = await run(["--version"], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(tmp, "prefix/lib/node_modules/restyle-nst/package.json"), "utf8")).version);
  });

  it("downloads the Lite weights on first use from the pinned layout, exactly once", async () => {
    const env = { XDG_CACHE_HOME: join(tmp, "xdg"), RESTYLE_WEIGHTS_MIRROR: new URL(server.base).origin };
    server.requests.length = 0;
    const first = await run(tiny("mirror-1.png"), env);
    expect(first.code, first.stderr).toBe(0);
    expect(pngAt("mirror-1.png")).toBe(PNG_MAGIC);
    expect(first.stderr).toMatch(/First use: downloading the lite VGG19 weights/);
    expect(first.stderr).toMatch(/MB \(100%\)/);
    expect([...server.requests].sort()).toEqual(liteRequests());
    expect(existsSync(join(tmp, "xdg/restyle/lite/manifest.json"))).toBe(true);

    const second = await run(tiny("mirror-2.png"), env);
    expect(second.code, second.stderr).toBe(0);
    expect(pngAt("mirror-2.png")).toBe(PNG_MAGIC);
    expect(second.stderr).not.toMatch(/downloading/);
    expect([...server.requests].sort()).toEqual(liteRequests());
  });

  it("converts RESTYLE_WEIGHTS_FROM instead, with no request", async () => {
    const env = { RESTYLE_CACHE_DIR: join(tmp, "cache-from"), RESTYLE_WEIGHTS_FROM: VGG_RAW, RESTYLE_WEIGHTS_MIRROR: new URL(server.base).origin };
    server.requests.length = 0;
    for (const out of ["from-1.png", "from-2.png"]) {
      const r = await run(tiny(out), env);
      expect(r.code, r.stderr).toBe(0);
      expect(pngAt(out)).toBe(PNG_MAGIC);
    }
    expect(server.requests).toEqual([]);
    expect(existsSync(join(tmp, "cache-from/lite/manifest.json"))).toBe(true);
  });

  it("offline, says how to use a local copy and writes nothing", async () => {
    const r = await run(tiny("offline.png"), { RESTYLE_CACHE_DIR: join(tmp, "cache-offline"), RESTYLE_WEIGHTS_MIRROR: "http://127.0.0.1:9" });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/could not be downloaded.*RESTYLE_WEIGHTS_FROM=PATH.*`restyle weights --from PATH`/s);
    expect(existsSync(join(tmp, "offline.png"))).toBe(false);
    expect(existsSync(join(tmp, "cache-offline/lite"))).toBe(false);
  });

  it("restyle weights --from fills the cache that restyle reads", async () => {
    const env = { RESTYLE_CACHE_DIR: join(tmp, "cache-tool") };
    const r = await run(["weights", "--from", VGG_RAW], env);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(tmp, "cache-tool/lite/manifest.json"))).toBe(true);
  });

  it("the library: loadCachedWeights from restyle-nst/node fills the cache and loads the Lite weights", async () => {
    const script = join(tmp, "prefix/lib/use-library.mjs");
    writeFileSync(
      script,
      `import { loadCachedWeights, useNodeBackend } from "restyle-nst/node";
       import { stylize } from "restyle-nst";
       await useNodeBackend("wasm");
       const w = await loadCachedWeights("lite");
       console.log(JSON.stringify({ layers: w.names, stylize: typeof stylize }));
       w.dispose();`,
    );
    server.requests.length = 0;
    const r = await run([script], { RESTYLE_CACHE_DIR: join(tmp, "cache-lib"), RESTYLE_WEIGHTS_MIRROR: new URL(server.base).origin }, process.execPath);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ layers: presetLayers("lite"), stylize: "function" });
    expect([...server.requests].sort()).toEqual(liteRequests());
  });
});

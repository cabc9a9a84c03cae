// `npm run weights` against a local server: resumable (.part + Range), atomic (rename after md5),
// and every failure leaves nothing that could pass for a finished download or preset.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import { ensureWeights } from "../../../src/weights/node/ensure";
import { KERAS_FILE } from "../../../src/weights/core/keras-source";
import type { DownloadProgress } from "../../../src/weights/node/progress-line";
import { runWeightsTool } from "../../../src/weights/node/run-weights";
import { ARTIFACTS, REPO, VGG_RAW } from "../../helpers/paths";
import { serveDir, type StaticServer } from "../../helpers/static-server";
import { liteLayers, listTree, scratch, writeKerasH5 } from "../fixtures";

const tmp = scratch("download");
let h5: Buffer;
let md5: string;
let server: StaticServer;
/** How the server answers /vgg.h5 in the current test. */
let mode: "cut" | "range" | "ignore-range" = "range";
const CUT_AT = 1_000_000;
const ranges: string[] = [];
let served = 0;

beforeAll(async () => {
  const file = join(tmp.dir, "src.h5");
  await writeKerasH5(file, { layers: liteLayers(), naming: "keras1" });
  h5 = readFileSync(file);
  md5 = createHash("md5").update(h5).digest("hex");
  server = await serveDir(tmp.dir, {
    intercept: (req, res, path) => {
      if (path !== "/vgg.h5") return false;
      const range = req.headers.range;
      if (range) ranges.push(range);
      if (mode === "cut") {
        res.writeHead(200, { "Content-Length": h5.length });
        res.write(h5.subarray(0, CUT_AT), () => res.destroy());
        served += CUT_AT;
        return true;
      }
      const start = mode === "range" && range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
      const body = h5.subarray(start);
      served += body.length;
      res.writeHead(start ? 206 : 200, {
        "Content-Length": body.length,
        ...(start ? { "Content-Range": `bytes ${start}-${h5.length - 1}/${h5.length}` } : {}),
      });
      res.end(body);
      return true;
    },
  });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

const args = (out: string, over: Partial<{ md5: string; url: string }> = {}) => ({ url: server.url + "vgg.h5", md5, out, dtype: "float16" as const, ...over });

describe("download", () => {
  it("a cut connection keeps only the .part; the next run resumes with Range and finishes", async () => {
    const out = join(tmp.dir, "resume");
    const log: string[] = [];
    mode = "cut";
    const err = await runWeightsTool(args(out), { log: (s) => log.push(s) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestyleError);
    expect(err).toMatchObject({ code: "weights-network" });
    expect((err as Error).message).toMatch(/run the command again to resume it\.$/);
    expect(listTree(out)).toEqual(["download/", `download/${KERAS_FILE}.part`]);
    const part = statSync(join(out, "download", `${KERAS_FILE}.part`)).size;
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThanOrEqual(CUT_AT);

    mode = "range";
    ranges.length = 0;
    served = 0;
    const progress: DownloadProgress[] = [];
    const report = await runWeightsTool(args(out), { log: (s) => log.push(s), onDownloadProgress: (p) => progress.push(p) });
    expect(ranges).toEqual([`bytes=${part}-`]);
    expect(served).toBe(h5.length - part);
    expect(readFileSync(join(out, "download", KERAS_FILE)).equals(h5)).toBe(true);
    expect(report.built.map((b) => b.preset)).toEqual(["lite"]);
    expect(listTree(out)).toEqual(["download/", `download/${KERAS_FILE}`, "lite/", ...liteLayers().map((l) => `lite/${l}.bin`), "lite/manifest.json"].sort());
    // Progress counts the resumed part; the rate only this run's bytes.
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ received: h5.length, total: h5.length, fetched: h5.length - part });
    expect(progress[0].received).toBeGreaterThanOrEqual(part);
    expect(log.join("\n")).toContain(`md5 ${md5} verified`);

    // Third run: the verified file is reused, nothing is fetched.
    ranges.length = 0;
    const before = server.requests.length;
    await runWeightsTool(args(out), { log: () => undefined });
    expect(server.requests.length).toBe(before);
  });

  it("wrong md5 → weights-corrupt, and the bad bytes are deleted", async () => {
    const out = join(tmp.dir, "badmd5");
    mode = "range";
    const err = await runWeightsTool(args(out, { md5: "0".repeat(32) }), { log: () => undefined }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "weights-corrupt" });
    expect((err as Error).message).toMatch(/failed its md5 check \(\d+ bytes of \d+\); it was deleted/);
    expect(listTree(out)).toEqual(["download/"]);
  });

  it("a server that ignores Range starts the file again rather than appending", async () => {
    const out = join(tmp.dir, "norange");
    mode = "ignore-range";
    const partFile = join(out, "download", `${KERAS_FILE}.part`);
    mkdirSync(join(out, "download"), { recursive: true });
    writeFileSync(partFile, h5.subarray(0, 12345));
    ranges.length = 0;
    await runWeightsTool(args(out), { log: () => undefined });
    expect(ranges).toEqual(["bytes=12345-"]);
    expect(readFileSync(join(out, "download", KERAS_FILE)).equals(h5)).toBe(true);
    expect(existsSync(partFile)).toBe(false);
  });

  it("HTTP 404 and an unreachable host → weights-network, nothing written but the empty download folder", async () => {
    const out = join(tmp.dir, "404");
    await expect(runWeightsTool(args(out, { url: server.url + "nothing.h5" }), { log: () => undefined })).rejects.toMatchObject({
      code: "weights-network",
      message: expect.stringMatching(/answered HTTP 404/),
    });
    const closed = await serveDir(tmp.dir);
    await closed.close();
    await expect(runWeightsTool(args(out, { url: closed.url + "vgg.h5" }), { log: () => undefined })).rejects.toMatchObject({
      code: "weights-network",
      message: expect.stringMatching(/^Could not reach 127\.0\.0\.1:\d+ to download the weights; .*--from FILE/),
    });
    expect(listTree(out)).toEqual(["download/"]);
  });
});

describe("ensureWeights (used by npm run demo)", () => {
  it("returns a present preset without touching the network", async () => {
    const out = join(tmp.dir, "resume"); // built by the first test
    const before = server.requests.length;
    expect(await ensureWeights("lite", out, { log: () => undefined, url: "http://127.0.0.1:1/never" })).toBe(join(out, "lite"));
    expect(server.requests.length).toBe(before);
  });

  it("downloads and converts when absent", async () => {
    const out = join(tmp.dir, "ensure-ok");
    mode = "range";
    expect(await ensureWeights("lite", out, { log: () => undefined, url: server.url + "vgg.h5", md5 })).toBe(join(out, "lite"));
    expect(existsSync(join(out, "lite", "manifest.json"))).toBe(true);
  });

  it("fails with weights-missing naming the offline command when the download fails or lacks the preset", async () => {
    const log: string[] = [];
    const err = await ensureWeights("lite", join(tmp.dir, "ensure-off"), { log: (s) => log.push(s), url: server.url + "nothing.h5" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "weights-missing" });
    expect((err as Error).message).toMatch(/run `npm run weights -- --from DIR` with a local copy \(e\.g\. `--from \.\.\/shared\/vgg19`/);
    expect(log.join("\n")).toMatch(/HTTP 404/);
    // The test file only has blocks 1–3: full cannot be built from it.
    const full = await ensureWeights("full", join(tmp.dir, "ensure-full"), { log: () => undefined, url: server.url + "vgg.h5", md5 }).catch((e: unknown) => e);
    expect(full).toMatchObject({ code: "weights-missing", detail: "the source did not cover the full preset" });
  });

  it("falls back to a local copy when the download fails (offline machines)", async () => {
    const out = join(tmp.dir, "ensure-local");
    const log: string[] = [];
    const dir = await ensureWeights("lite", out, { log: (s) => log.push(s), url: server.url + "nothing.h5", localSources: [join(tmp.dir, "no-such-dir"), VGG_RAW] });
    expect(dir).toBe(join(out, "lite"));
    expect(existsSync(join(out, "lite", "manifest.json"))).toBe(true);
    expect(log.join("\n")).toMatch(/HTTP 404[\s\S]*Converting the local copy at .*vgg19/);
  });
});

describe("the built command (dist/cli/weights.js)", () => {
  it("downloads with progress lines, converts, exits 0; a usage error exits 2", async () => {
    // Bundled inside the repo (git-ignored test-artifacts/) so its external imports resolve from node_modules.
    const bundle = join(ARTIFACTS, `weights-cli-${process.pid}.mjs`);
    await esbuild.build({ entryPoints: [join(REPO, "src/cli/weights.ts")], outfile: bundle, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
    const run = promisify(execFile);
    onTestFinished(() => rmSync(bundle, { force: true }));
    const out = join(tmp.dir, "cli-out");
    mode = "range";
    const ok = await run(process.execPath, [bundle, "--url", server.url + "vgg.h5", "--md5", md5, "--out", out, "--dtype", "uint8"], { cwd: REPO });
    expect(ok.stdout).toMatch(/Built lite: 6 layers \(conv1_1…conv3_2\), uint8, 1\.15 MB/);
    expect(ok.stdout).toMatch(/Could not build the full preset: the source lacks conv3_3/);
    expect(ok.stderr).toMatch(/\d+\.\d \/ \d+\.\d MB \(100%\) {2}[\d.]+ MB\/s {2}ETA 0s/);
    const bad = await run(process.execPath, [bundle, "--dtype", "int4"], { cwd: REPO }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--dtype must be float32, float16 or uint8/);
  });
});

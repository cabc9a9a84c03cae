// The Full preset from the pinned GitHub layers model, served by a local stand-in (real bytes of
// groups 1–8, seeded bytes for 9–16): what is requested, progress, cancel, every fault, the cache.
import * as tf from "@tensorflow/tfjs-core";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import { downloadLayersModel, storeKey, type ShardStore } from "../../../src/weights/core/download-layers-model";
import { gitBlobSha1Hex, gitBlobSha1HexSync } from "../../../src/weights/core/git-blob-sha1";
import { loadWeightsFromFiles, presetOfFiles } from "../../../src/weights/core/load-from-files";
import { PINNED_BASE_URL, PINNED_SHARDS } from "../../../src/weights/core/pinned-source";
import { useNodeBackend } from "../../../src/node/backend";
import { FULL_DOWNLOAD_BYTES, fullDownloadNote, fullWeightFilesFrom } from "../../../src/weights/browser/full-weights";
import { VGG_RAW } from "../../helpers/paths";
import { FULL_SHARDS, githubTree, readShardsTsv, serveGithubTree, type GithubServer } from "../github-fixture";

let server: GithubServer;
const { table } = githubTree();
const FULL_BYTES = 51_779_840;

beforeAll(async () => {
  await useNodeBackend("cpu");
  server = await serveGithubTree();
});
afterAll(async () => {
  await server.close();
});

const load = (opts: { store?: ShardStore | null; stallMs?: number; signal?: AbortSignal; onProgress?: (n: number, t: number, eta?: number) => void } = {}) =>
  fullWeightFilesFrom({ baseUrl: server.base, table, store: opts.store ?? null, stallMs: opts.stallMs, retryDelayMs: 20 }, { signal: opts.signal, onProgress: opts.onProgress });

/** Download and make tensors, as the panel and engine do together. */
async function loadFull(opts: Parameters<typeof load>[0] = {}) {
  const files = await load(opts);
  return loadWeightsFromFiles(files, { shardTable: table });
}

async function failsWith(p: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  const err = await p().then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RestyleError);
  expect((err as Error).message).toMatch(message);
  expect(err).toMatchObject({ code });
  expect(tf.memory().numTensors).toBe(before);
}

describe("the shipped hash table", () => {
  it("equals ../shared/vgg19/remote/shards.tsv row for row", () => {
    expect([...PINNED_SHARDS.values()]).toEqual(readShardsTsv());
    expect(PINNED_BASE_URL).toBe("https://raw.githubusercontent.com/DavidCai1993/vgg19-tensorflowjs-model/08d09052bc6258d3abdfa341850122fc4b746db6/model/");
    expect(FULL_DOWNLOAD_BYTES).toBe(FULL_BYTES);
    expect(fullDownloadNote(false)).toBe("Full downloads 52 MB of weights, once per session.");
  });
  it("git blob SHA-1 (WebCrypto and @noble/hashes) of the real shards equals the published rows", async () => {
    const real = new Uint8Array(readFileSync(join(VGG_RAW, "block1_conv2.bin")));
    expect(await gitBlobSha1Hex(real)).toBe(PINNED_SHARDS.get("group2-shard1of1")!.gitSha1);
    expect(gitBlobSha1HexSync(real)).toBe(PINNED_SHARDS.get("group2-shard1of1")!.gitSha1);
    for (let g = 1; g <= 8; g++) expect(table.get(`group${g}-shard1of1`)).toEqual(PINNED_SHARDS.get(`group${g}-shard1of1`));
    const b = real.subarray(3, 1003);
    expect(gitBlobSha1HexSync(b)).toBe(createHash("sha1").update(`blob 1000\0`).update(b).digest("hex"));
  });
});

describe("Full from the layers model", () => {
  it("requests model.json and groups 1–13 only; progress is monotone and reaches the total; real values", async () => {
    server.requests.length = 0;
    server.fault = null;
    const seen: number[] = [];
    const etas: number[] = [];
    const t0 = performance.now();
    const before = tf.memory().numTensors;
    const w = await loadFull({ onProgress: (n, total, eta) => (expect(total).toBe(FULL_BYTES), seen.push(n), eta !== undefined && etas.push(eta)) });
    console.log(`Full from the local server in Node: ${Math.round(performance.now() - t0)} ms, ${FULL_BYTES} shard bytes`);
    expect(w.names).toEqual(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1"]);
    const raw = new Float32Array(readFileSync(join(VGG_RAW, "block3_conv1.bin")).buffer.slice(0));
    const k = w.get("conv3_1").kernel;
    expect(k.shape).toEqual([3, 3, 128, 256]);
    expect(Buffer.from((k.dataSync() as Float32Array).buffer).equals(Buffer.from(raw.buffer, 0, 9 * 128 * 256 * 4))).toBe(true);
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect([...server.requests].sort()).toEqual(["model.json", ...FULL_SHARDS().map((r) => r.path)].sort());
    expect(server.requests).toHaveLength(23);
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(FULL_BYTES);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.length).toBeGreaterThan(23); // streamed, not per shard
  });

  it("cancel stops within one shard: no request starts after it, and it ends promptly", async () => {
    server.requests.length = 0;
    // Groups past 3 trickle: the cancel lands while they are in flight.
    server.fault = (_req, res, path, body) => {
      if (!body || !/^group([4-9]|1\d)-/.test(path)) return false;
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": body.length });
      res.write(body.subarray(0, 1024));
      return true;
    };
    const ctl = new AbortController();
    const started: string[] = [];
    let startedAtCancel = -1;
    const p = downloadLayersModel({
      baseUrl: server.base,
      table,
      fetch: (u, init) => (started.push(u), globalThis.fetch(u, init)),
      signal: ctl.signal,
      onProgress: (n) => {
        if (n > 100_000 && startedAtCancel < 0) {
          startedAtCancel = started.length;
          ctl.abort();
        }
      },
    });
    const t0 = Date.now();
    await failsWith(() => p, "cancelled", /^Downloading the Full weights was cancelled\.$/);
    expect(Date.now() - t0).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 200));
    expect(startedAtCancel).toBeGreaterThan(0);
    expect(started.length).toBe(startedAtCancel);
    expect(started.length).toBeLessThanOrEqual(1 + 3 + 4); // model.json, the finished shards, one window in flight
  });

  const flip = (target: string) => (_req: unknown, res: import("node:http").ServerResponse, path: string, body: Uint8Array | undefined) => {
    if (path !== target || !body) return false;
    const b = Uint8Array.from(body);
    b[b.length >> 1] ^= 0x10;
    res.writeHead(200, { "Content-Length": b.length });
    res.end(b);
    return true;
  };

  it.each([
    ["one flipped byte", flip("group3-shard1of1"), "weights-corrupt", /^group3-shard1of1 failed its integrity check: it is not the published file \(git SHA-1 mismatch\)\. Try again; if it fails again, load the weights from a file instead\.$/],
    [
      "a truncated shard",
      ((_q, res, path, body) => {
        if (path !== "group9-shard2of2" || !body) return false;
        res.writeHead(200, { "Content-Length": 1000 });
        res.end(body.subarray(0, 1000));
        return true;
      }) as import("../github-fixture").Fault,
      "weights-network",
      /^The download of group9-shard2of2 ended early \(1000 of 526336 bytes\); try again\.$/,
    ],
    ["a 404", ((_q, res, path) => path === "group5-shard1of1" && (res.writeHead(404), res.end("404: Not Found"), true)) as import("../github-fixture").Fault, "weights-missing", /^The weights host has no group5-shard1of1 \(HTTP 404\); the weights may have moved — load the weights from a file instead\.$/],
    ["a 500", ((_q, res, path) => path === "group10-shard2of3" && (res.writeHead(500), res.end("oops"), true)) as import("../github-fixture").Fault, "weights-network", /^The weights host answered HTTP 500 for group10-shard2of3; try again later, or load the weights from a file\.$/],
    [
      "an HTML page (labelled as such)",
      ((_q, res, path) => path === "group2-shard1of1" && (res.writeHead(200, { "Content-Type": "text/html" }), res.end("<!DOCTYPE html><title>Sign in</title>"), true)) as import("../github-fixture").Fault,
      "weights-network",
      /^The weights host sent a web page instead of group2-shard1of1 \(a network login page or an error page\); check your connection, sign in to the network if asked, and try again\.$/,
    ],
    [
      "an HTML page labelled as binary",
      ((_q, res, path) => path === "group11-shard1of3" && (res.writeHead(200, { "Content-Type": "application/octet-stream" }), res.end("\n<html><body>Proxy error</body></html>"), true)) as import("../github-fixture").Fault,
      "weights-network",
      /^The weights host sent a web page instead of group11-shard1of3/,
    ],
    [
      "a stall",
      ((_q, res, path, body) => {
        if (path !== "group7-shard1of1" || !body) return false;
        res.writeHead(200, { "Content-Length": body.length });
        res.write(body.subarray(0, 4096)); // then nothing
        return true;
      }) as import("../github-fixture").Fault,
      "weights-network",
      /^The download of group7-shard1of1 from 127\.0\.0\.1:\d+ stalled \(nothing arrived for 300 ms\); check your connection and try again\.$/,
    ],
  ])("%s: its own message naming the shard, no tensors left", async (_name, fault, code, message) => {
    server.fault = fault;
    await failsWith(() => loadFull({ stallMs: 300 }), code, message);
    server.fault = null;
  });

  it("a shard that fails once on the network (a 503, a reset) is tried once more; a 404 is not", async () => {
    let left = 1;
    server.fault = (_q, res, path) => path === "group12-shard2of3" && left-- > 0 && (res.writeHead(503), res.end(), true);
    server.requests.length = 0;
    (await loadFull()).dispose();
    expect(server.requests.filter((p) => p === "group12-shard2of3")).toHaveLength(2);
    server.fault = (_q, res, path) => path === "group2-shard1of1" && (res.writeHead(404), res.end(), true);
    server.requests.length = 0;
    await failsWith(() => loadFull(), "weights-missing", /group2-shard1of1 \(HTTP 404\)/);
    expect(server.requests.filter((p) => p === "group2-shard1of1")).toHaveLength(1);
    server.fault = null;
  });

  it("a host that is not there: says so, naming the shard", async () => {
    await failsWith(
      () => downloadLayersModel({ baseUrl: "http://127.0.0.1:9/model/", table }),
      "weights-network",
      /^Could not download model\.json from 127\.0\.0\.1:9: the network is down or the server does not allow cross-origin requests \(CORS\)/,
    );
  });

  it("the engine checks the shards again: a flipped byte in a file set is refused", async () => {
    server.fault = null;
    const files = new Map(await load());
    const b = Uint8Array.from(files.get("group12-shard3of3")!);
    b[7] ^= 1;
    files.set("group12-shard3of3", b);
    await failsWith(() => loadWeightsFromFiles(files, { shardTable: table }), "weights-corrupt", /^The weights file group12-shard3of3 failed its integrity check \(git SHA-1 mismatch\)/);
    // And without the test table the seeded shards are not the published ones.
    const again = new Map(await load());
    await failsWith(() => loadWeightsFromFiles(again), "weights-corrupt", /^The weights file group(9|1[0-3])-shard\dof\d failed its integrity check \(git SHA-1 mismatch\)/);
  });

  it("a store: the second load requests no shard; a corrupted entry is fetched again", async () => {
    server.fault = null;
    const mem = new Map<string, Uint8Array>();
    const store: ShardStore = { get: async (k) => mem.get(k), put: async (k, b) => void mem.set(k, b), delete: async (k) => void mem.delete(k) };
    await load({ store });
    expect(mem.size).toBe(22);
    server.requests.length = 0;
    const seen: number[] = [];
    (await loadFull({ store, onProgress: (n) => seen.push(n) })).dispose();
    expect(server.requests).toEqual(["model.json"]);
    expect(seen[seen.length - 1]).toBe(FULL_BYTES);
    const key = storeKey(server.base, table.get("group4-shard1of1")!);
    const bad = Uint8Array.from(mem.get(key)!);
    bad[100] ^= 0xff;
    mem.set(key, bad);
    server.requests.length = 0;
    (await loadFull({ store })).dispose();
    expect(server.requests).toEqual(["model.json", "group4-shard1of1"]);
    expect(Buffer.from(mem.get(key)!).equals(githubTree().files.get("group4-shard1of1")!)).toBe(true);
  });

  it("the product's entry point reads RESTYLE_WEIGHTS_URL and checks against the shipped table: seeded shards are refused", async () => {
    server.fault = null;
    vi.stubEnv("RESTYLE_WEIGHTS_URL", server.base);
    vi.resetModules();
    try {
      const { fullWeightFiles } = await import("../../../src/weights/browser/full-weights");
      const before = tf.memory().numTensors;
      const err = (await fullWeightFiles().then(() => null, (e: unknown) => e)) as { code?: string; message?: string } | null;
      expect(err?.code).toBe("weights-corrupt");
      expect(err?.message).toMatch(/^group(9|1[0-3])-shard\dof\d failed its integrity check: it is not the published file/);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("a picked layers model", () => {
  it("model.json with its group shards is a file set like any other; with groups 1–6 only it serves Lite", async () => {
    const { files } = githubTree();
    const lite = new Map([...files].filter(([p]) => p === "model.json" || Number(/^group(\d+)-/.exec(p)?.[1]) <= 6).map(([p, b]) => [`picked/${p}`, b]));
    expect(presetOfFiles(lite, table)).toBe("lite");
    const w = await loadWeightsFromFiles(lite, { shardTable: table });
    expect(w.names).toEqual(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"]);
    w.dispose();
    const few = new Map([...lite].filter(([p]) => !p.endsWith("group5-shard1of1")));
    await failsWith(async () => presetOfFiles(few, table), "weights-missing", /^The weights lack conv3_1; pick model\.json together with all its group shards\.$/);
  });
});

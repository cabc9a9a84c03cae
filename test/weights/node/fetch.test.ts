// Converted shards served from a real 127.0.0.1 server, loaded through the real fetch path.
import * as tf from "@tensorflow/tfjs-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import { loadWeightsFromUrl } from "../../../src/weights/core/load-from-url";
import { useNodeBackend } from "../../../src/node/backend";
import { loadWeightsFromDir } from "../../../src/weights/node/load-weights-dir";
import type { LayerSource } from "../../../src/weights/core/layer-source";
import { packPreset } from "../../../src/weights/core/pack-preset";
import { writePresetDir } from "../../../src/weights/node/write-preset-dir";
import { serveDir, type Intercept, type StaticServer } from "../../helpers/static-server";
import { liteLayers, scratch, seededLayer } from "../fixtures";

const tmp = scratch("fetch");
let dir: string;
let intercept: Intercept | undefined;
let server: StaticServer;

beforeAll(async () => {
  await useNodeBackend("cpu");
  const src: LayerSource = new Map(liteLayers().map((l, i) => [l, seededLayer(l, i + 1)]));
  dir = writePresetDir(tmp.dir, await packPreset("lite", liteLayers(), src, "float16", "test"));
  // One server for the file; each test sets `intercept` to inject its failure.
  server = await serveDir(tmp.dir, { intercept: (req, res, path) => intercept?.(req, res, path) ?? false });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

async function failsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RestyleError);
  expect(err).toMatchObject({ code });
  expect((err as Error).message).toMatch(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe("loadWeightsFromUrl", () => {
  it("fetches manifest and shards with streamed progress; values equal the files on disk", async () => {
    intercept = undefined;
    server.requests.length = 0;
    const seen: number[] = [];
    const w = await loadWeightsFromUrl(server.url + "lite", { onProgress: (n, total) => (expect(total).toBe(1_145_408 * 2), seen.push(n)) });
    const local = await loadWeightsFromDir(dir);
    for (const l of liteLayers()) {
      const a = w.get(l).kernel.dataSync() as Float32Array;
      const b = local.get(l).kernel.dataSync() as Float32Array;
      expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), l).toBe(true);
    }
    w.dispose();
    local.dispose();
    expect(server.requests.sort()).toEqual(["/lite/manifest.json", ...liteLayers().map((l) => `/lite/${l}.bin`)].sort());
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1_145_408 * 2);
    // Streamed: more reports than shards (the 1.2 MB conv3_2 arrives in several chunks).
    expect(seen.length).toBeGreaterThan(liteLayers().length + 1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it("404 on a shard → weights-missing naming it", async () => {
    intercept = (_q, res, path) => path.endsWith("conv2_2.bin") && (res.writeHead(404).end(), true);
    await failsWith(loadWeightsFromUrl(server.url + "lite/"), "weights-missing", /has no conv2_2\.bin \(HTTP 404\)/);
  });

  it("HTTP 500 → weights-network with the status", async () => {
    intercept = (_q, res, path) => path.endsWith("manifest.json") && (res.writeHead(503).end(), true);
    await failsWith(loadWeightsFromUrl(server.url + "lite/"), "weights-network", /answered HTTP 503 for manifest\.json/);
  });

  it("bytes changed in transit → weights-corrupt: hash mismatch", async () => {
    intercept = (_q, res, path) => {
      if (!path.endsWith("conv3_1.bin")) return false;
      const b = readFileSync(join(dir, "conv3_1.bin"));
      b[100] ^= 1;
      res.writeHead(200, { "Content-Length": b.length }).end(b);
      return true;
    };
    await failsWith(loadWeightsFromUrl(server.url + "lite/"), "weights-corrupt", /conv3_1\.bin failed its integrity check \(sha256 mismatch\)/);
  });

  it("connection cut mid-shard → weights-network saying where it broke off", async () => {
    intercept = (_q, res, path) => {
      if (!path.endsWith("conv3_2.bin")) return false;
      const b = readFileSync(join(dir, "conv3_2.bin"));
      res.writeHead(200, { "Content-Length": b.length });
      res.write(b.subarray(0, 5000), () => res.destroy());
      return true;
    };
    await failsWith(loadWeightsFromUrl(server.url + "lite/"), "weights-network", /download of conv3_2\.bin broke off after \d+ of 1180160 bytes/);
  });

  it("a short body (no error, just fewer bytes) → weights-corrupt truncated", async () => {
    intercept = (_q, res, path) => {
      if (!path.endsWith("conv1_2.bin")) return false;
      res.writeHead(200).end(readFileSync(join(dir, "conv1_2.bin")).subarray(0, 100));
      return true;
    };
    await failsWith(loadWeightsFromUrl(server.url + "lite/"), "weights-corrupt", /conv1_2\.bin is truncated \(100 of 73856 bytes\)/);
  });

  it("no usable weights URL (an unset build variable) → weights-network saying how to fix the build", async () => {
    await failsWith(loadWeightsFromUrl(""), "weights-network", /not a valid address; rebuild with RESTYLE_WEIGHTS_URL/);
  });

  it("unreachable server → weights-network naming offline and CORS, with what to do", async () => {
    intercept = undefined;
    const closed = await serveDir(tmp.dir);
    await closed.close();
    await failsWith(loadWeightsFromUrl(closed.url + "lite/"), "weights-network", /^Could not reach 127\.0\.0\.1:\d+: the network is down or the server does not allow cross-origin requests \(CORS\); check your connection, or load the weights from a file\.$/);
  });
});

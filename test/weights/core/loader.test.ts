// loadWeights' checks: every bad-weights case is its own typed error naming the piece, and no tensor leaks.
import * as tf from "@tensorflow/tfjs-core";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import { loadWeights } from "../../../src/weights/core/load-weights";
import { loadWeightsFromBundle } from "../../../src/weights/core/load-from-bundle";
import type { WeightsManifest } from "../../../src/weights/core/manifest";
import { parseManifest } from "../../../src/weights/core/parse-manifest";
import { sha256Hex } from "../../../src/weights/core/sha256";
import { useNodeBackend } from "../../../src/node/backend";
import { loadWeightsFromDir, readManifestFile } from "../../../src/weights/node/load-weights-dir";
import type { LayerSource } from "../../../src/weights/core/layer-source";
import { packPreset } from "../../../src/weights/core/pack-preset";
import { writePresetDir } from "../../../src/weights/node/write-preset-dir";
import { loadPacked } from "../../../src/weights/core/load-packed";
import { loadWeightsFromFiles } from "../../../src/weights/core/load-from-files";
import { liteLayers, scratch, seededLayer } from "../fixtures";

const tmp = scratch("loader");
let good32: string;
let good16: string;
const src: LayerSource = new Map(liteLayers().map((l, i) => [l, seededLayer(l, i + 1)]));

beforeAll(async () => {
  await useNodeBackend("cpu");
  good32 = writePresetDir(join(tmp.dir, "f32"), await packPreset("lite", liteLayers(), src, "float32", "test"));
  good16 = writePresetDir(join(tmp.dir, "f16"), await packPreset("lite", liteLayers(), src, "float16", "test"));
});
afterAll(() => tmp.cleanup());

/** A copy of a good preset to break. */
function copyOf(dir: string, name: string): string {
  const to = join(tmp.dir, name);
  cpSync(dir, to, { recursive: true });
  return to;
}

async function failsWith(load: () => Promise<unknown>, code: string, message: RegExp): Promise<RestyleError> {
  const before = tf.memory().numTensors;
  const err = await load().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RestyleError);
  expect((err as RestyleError).code).toBe(code);
  expect((err as RestyleError).message).toMatch(message);
  expect(tf.memory().numTensors, "tensors leaked").toBe(before);
  return err as RestyleError;
}

/** Rewrites a shard and its manifest entry so the hash still matches (to reach the checks after it). */
async function rewriteShard(dir: string, path: string, edit: (b: Uint8Array) => void): Promise<void> {
  const bytes = new Uint8Array(readFileSync(join(dir, path)));
  edit(bytes);
  writeFileSync(join(dir, path), bytes);
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as WeightsManifest;
  const g = m.weightsManifest.find((x) => x.paths[0] === path)!;
  g.sha256![0] = await sha256Hex(bytes);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
}

describe("loadWeights: good weights", () => {
  it("loads every layer with its exact values and reports monotone progress up to the total", async () => {
    const before = tf.memory().numTensors;
    const seen: Array<[number, number]> = [];
    const w = await loadWeightsFromDir(good32, { onProgress: (a, b) => seen.push([a, b]) });
    expect(w.names).toEqual(liteLayers());
    expect(Array.from(w.get("conv2_1").bias.dataSync())).toEqual(Array.from(src.get("conv2_1")!.bias));
    expect(w.get("conv3_2").kernel.shape).toEqual([3, 3, 256, 256]);
    expect(w.source).toBe("test");
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const total = 1_145_408 * 4;
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen[0][0]).toBe(0);
    expect(seen[seen.length - 1][0]).toBe(total);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThanOrEqual(seen[i - 1][0]);
  });

  it("reads only the shards of the layers asked for", async () => {
    const manifest = await readManifestFile(good16);
    const read: string[] = [];
    const w = await loadWeights(manifest, async (p) => {
      read.push(p);
      return new Uint8Array(readFileSync(join(good16, p)));
    }, { layers: ["conv1_1", "conv2_1"] });
    expect(w.names).toEqual(["conv1_1", "conv2_1"]);
    expect(read.sort()).toEqual(["conv1_1.bin", "conv2_1.bin"]);
    w.dispose();
  });

  it("loads the base64 bundle inlined into ui.html the same way", async () => {
    const manifest = JSON.parse(readFileSync(join(good16, "manifest.json"), "utf8"));
    const shards = Object.fromEntries(liteLayers().map((l) => [`${l}.bin`, readFileSync(join(good16, `${l}.bin`)).toString("base64")]));
    const fromBundle = await loadWeightsFromBundle({ manifest, shards });
    const fromDir = await loadWeightsFromDir(good16);
    // Byte comparison: vitest's deep equality on 590k-element arrays takes seconds.
    const bytesOf = (t: tf.Tensor) => {
      const a = t.dataSync() as Float32Array;
      return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    };
    for (const l of liteLayers()) expect(bytesOf(fromBundle.get(l).kernel).equals(bytesOf(fromDir.get(l).kernel)), l).toBe(true);
    fromBundle.dispose();
    fromDir.dispose();
    const { ["conv3_1.bin"]: _dropped, ...fewer } = shards;
    await failsWith(() => loadWeightsFromBundle({ manifest, shards: fewer }), "weights-missing", /built-in weights lack conv3_1\.bin/);
  });
});

describe("other sources: picked files, a packed preset in memory", () => {
  it("loads manifest.json + shards picked by name (folders stripped), and names a missing one", async () => {
    const files = new Map(["manifest.json", ...liteLayers().map((l) => `${l}.bin`)].map((n) => [`picked/${n}`, new Uint8Array(readFileSync(join(good16, n)))]));
    const w = await loadWeightsFromFiles(files);
    expect(w.names).toEqual(liteLayers());
    w.dispose();
    files.delete("picked/conv2_2.bin");
    await failsWith(() => loadWeightsFromFiles(files), "weights-missing", /picked files lack conv2_2\.bin/);
    files.delete("picked/manifest.json");
    await failsWith(() => loadWeightsFromFiles(files), "weights-missing", /Pick the weights' manifest\.json/);
  });

  it("loads a packed preset without a disk (the in-page .h5 conversion path)", async () => {
    const packed = await packPreset("lite", liteLayers(), src, "float32", "mem");
    const w = await loadPacked(packed, { layers: ["conv1_1"] });
    expect(Array.from(w.get("conv1_1").bias.dataSync())).toEqual(Array.from(src.get("conv1_1")!.bias));
    w.dispose();
  });
});

describe("loadWeights: each bad case, its error", () => {
  it("missing shard → weights-missing naming the file", async () => {
    const dir = copyOf(good32, "missing");
    rmSync(join(dir, "conv2_2.bin"));
    await failsWith(() => loadWeightsFromDir(dir), "weights-missing", /conv2_2\.bin is missing/);
  });

  it("truncated shard → weights-corrupt with the byte counts", async () => {
    const dir = copyOf(good32, "truncated");
    const full = readFileSync(join(dir, "conv3_2.bin"));
    writeFileSync(join(dir, "conv3_2.bin"), full.subarray(0, 1000));
    const e = await failsWith(() => loadWeightsFromDir(dir), "weights-corrupt", /conv3_2\.bin is truncated \(1000 of 2360320 bytes\)/);
    expect(e.detail).toBe("conv3_2.bin 1000/2360320");
  });

  it("one flipped byte → weights-corrupt: sha256 mismatch", async () => {
    const dir = copyOf(good16, "flipped");
    const b = readFileSync(join(dir, "conv1_2.bin"));
    b[777] ^= 0x40;
    writeFileSync(join(dir, "conv1_2.bin"), b);
    await failsWith(() => loadWeightsFromDir(dir), "weights-corrupt", /conv1_2\.bin failed its integrity check \(sha256 mismatch\)/);
  });

  it("wrong shape in the manifest → weights-corrupt naming the tensor", async () => {
    const dir = copyOf(good32, "shape");
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    m.weightsManifest[2].weights[0].shape = [3, 3, 64, 64];
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
    await failsWith(() => loadWeightsFromDir(dir), "weights-corrupt", /conv2_1\/kernel have shape \[3,3,64,64\] instead of \[3,3,64,128\]/);
  });

  it("NaN / Inf values (hash intact) → weights-corrupt naming tensor and index, float32 and float16", async () => {
    const d32 = copyOf(good32, "nan32");
    await rewriteShard(d32, "conv3_1.bin", (b) => new DataView(b.buffer).setFloat32(4 * 4321, NaN, true));
    await failsWith(() => loadWeightsFromDir(d32), "weights-corrupt", /conv3_1\/kernel contain a non-finite value \(at index 4321\)/);
    const d16 = copyOf(good16, "inf16");
    // The bias follows the kernel (9·64·128 values); 0x7c00 = +Inf in half precision.
    await rewriteShard(d16, "conv2_1.bin", (b) => new DataView(b.buffer).setUint16(2 * (9 * 64 * 128 + 5), 0x7c00, true));
    await failsWith(() => loadWeightsFromDir(d16), "weights-corrupt", /conv2_1\/bias contain a non-finite value \(at index 5\)/);
  });

  it("a layer the preset lacks → weights-missing naming it", async () => {
    await failsWith(() => loadWeightsFromDir(good16, { layers: ["conv1_1", "conv4_1"] }), "weights-missing", /lite weights do not include conv4_1/);
  });

  it("manifest absent, not JSON, or not ours → missing / corrupt", async () => {
    await failsWith(() => loadWeightsFromDir(join(tmp.dir, "nowhere")), "weights-missing", /No weights in .*nowhere; run `restyle weights`/);
    const dir = copyOf(good16, "badjson");
    writeFileSync(join(dir, "manifest.json"), "{ nope");
    await failsWith(() => loadWeightsFromDir(dir), "weights-corrupt", /not valid JSON/);
    expect(() => parseManifest({ format: "tfjs" })).toThrow(expect.objectContaining({ code: "weights-corrupt", detail: "format is tfjs, expected restyle-vgg19" }));
    const m = JSON.parse(readFileSync(join(good16, "manifest.json"), "utf8"));
    m.weightsManifest[0].paths = ["../../etc/passwd"];
    expect(() => parseManifest(m)).toThrow(expect.objectContaining({ detail: "group 0 has an unsafe path" }));
  });

  it("a byte count in the manifest that disagrees with the shapes → weights-corrupt before reading", async () => {
    const m = JSON.parse(readFileSync(join(good16, "manifest.json"), "utf8"));
    m.weightsManifest[1].bytes = [10];
    let reads = 0;
    await failsWith(() => loadWeights(parseManifest(m), async () => (reads++, new Uint8Array(0))), "weights-corrupt", /lists 10 bytes for conv1_2\.bin but its tensors need 73856/);
    expect(reads).toBe(0);
  });

  it("aborting mid-load → cancelled, nothing leaked", async () => {
    const manifest = await readManifestFile(good32);
    const ac = new AbortController();
    let n = 0;
    await failsWith(
      () =>
        loadWeights(manifest, async (p) => {
          if (++n === 4) ac.abort();
          return new Uint8Array(readFileSync(join(good32, p)));
        }, { signal: ac.signal }),
      "cancelled",
      /cancelled/,
    );
  });
});

// The real weights: ../shared/vgg19 (blocks 1–3, raw per-layer float32) → weights/lite → loaded tensors.
import * as tf from "@tensorflow/tfjs-core";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VGG19_LAYERS } from "../../../src/engine/layers";
import { useNodeBackend } from "../../../src/node/backend";
import { loadWeightsFromDir } from "../../../src/weights/node/load-weights-dir";
import { runWeightsTool } from "../../../src/weights/node/run-weights";
import { VGG_RAW } from "../../helpers/paths";
import { liteLayers, listTree, scratch } from "../fixtures";

// From ../shared/vgg19/README.txt: the inputs must be exactly those files.
const SHA256: Record<string, string> = {
  block1_conv1: "c68eefa00d6af917fc28b127b756e48597c25cc11144b38fdf8ea65753c197e1",
  block1_conv2: "a0e2bb4fbef5e0ce3d8e2fbc6f903c713c9893a0aa2e26c687b0b5758c6af079",
  block2_conv1: "71a6dbaa06d7e454db3e56d6d2eb5f2defd8b60cccd5af5fc8a6b773be1c5aa5",
  block2_conv2: "ab1d44f13a37e4af119cc56c7e9a4f8ab4ba281019cb057737d5e2f47dae2268",
  block3_conv1: "df21209f6d1a0bfd90a17eb705fbb9b520ece764914a067b0d94cefe99a43318",
  block3_conv2: "3b44315d503e5f24957aef369df5e89a1d54fdcbd78e93c93df560d1ff0ba11d",
};
// Kernel and bias sums the README's check.mjs printed.
const SUMS: Record<string, [number, number]> = {
  conv1_1: [-3.541186, 29.940525],
  conv1_2: [154.491795, 2.70961],
  conv2_1: [-29.597204, 13.773948],
  conv2_2: [-78.240276, 1.157012],
  conv3_1: [-75.854099, 4.143846],
  conv3_2: [-55.489316, 11.0384],
};

const tmp = scratch("shared");
beforeAll(async () => {
  await useNodeBackend("cpu");
});
afterAll(() => tmp.cleanup());

describe("converting ../shared/vgg19 (--from DIR)", () => {
  it("reads the published inputs", () => {
    for (const [k, sha] of Object.entries(SHA256)) expect(createHash("sha256").update(readFileSync(join(VGG_RAW, `${k}.bin`))).digest("hex"), k).toBe(sha);
  });

  it("float32: lite built, full refused by name, every value bit-identical to the raw files", async () => {
    const out = join(tmp.dir, "f32");
    const log: string[] = [];
    const report = await runWeightsTool({ from: VGG_RAW, out, dtype: "float32", url: "", md5: "" }, { log: (s) => log.push(s) });
    expect(report.built).toMatchObject([{ preset: "lite", layers: 6, bytes: 1_145_408 * 4 }]);
    expect(report.skipped).toEqual([{ preset: "full", missing: ["conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1"] }]);
    expect(log).toContain("Could not build the full preset: the source lacks conv4_1, conv4_2, conv4_3, conv4_4, conv5_1.");
    expect(listTree(out)).toEqual(["lite/", ...liteLayers().map((l) => `lite/${l}.bin`), "lite/manifest.json"].sort());
    // A float32 shard is the raw file itself: kernel then bias, little-endian.
    for (const l of VGG19_LAYERS.slice(0, 6)) expect(readFileSync(join(out, "lite", `${l.name}.bin`)).equals(readFileSync(join(VGG_RAW, `${l.keras}.bin`))), l.name).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, "lite/manifest.json"), "utf8"));
    expect(manifest.weightsManifest[0].sha256[0]).toBe(SHA256.block1_conv1);
    expect(manifest.source).toMatch(/Simonyan & Zisserman \(arXiv:1409\.1556\), CC BY 4\.0/);

    const w = await loadWeightsFromDir(join(out, "lite"));
    try {
      for (const [layer, [k, b]] of Object.entries(SUMS)) {
        const sum = (t: tf.Tensor) => (t.dataSync() as Float32Array).reduce((a, x) => a + x, 0);
        expect(sum(w.get(layer).kernel), `${layer} kernel`).toBeCloseTo(k, 3);
        expect(sum(w.get(layer).bias), `${layer} bias`).toBeCloseTo(b, 4);
      }
      // One value by hand: conv1_1 kernel[0,0,0,0] is the file's first float.
      expect(w.get("conv1_1").kernel.dataSync()[0]).toBe(readFileSync(join(VGG_RAW, "block1_conv1.bin")).readFloatLE(0));
    } finally {
      w.dispose();
    }
  });

  it("sizes per dtype: float16 half, uint8 a quarter of float32", async () => {
    const sizes: Record<string, number> = {};
    for (const dtype of ["float16", "uint8"] as const) {
      const report = await runWeightsTool({ from: VGG_RAW, out: join(tmp.dir, dtype), dtype, url: "", md5: "" }, { log: () => undefined });
      sizes[dtype] = report.built[0].bytes;
    }
    expect(sizes).toEqual({ float16: 2_290_816, uint8: 1_145_408 });
  });
});

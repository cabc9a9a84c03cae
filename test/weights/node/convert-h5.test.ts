// Keras .h5 → Restyle weights → loaded tensors: every value compared with what was written.
import * as tf from "@tensorflow/tfjs-core";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import { fromFloat16Bits } from "../../../src/weights/core/quantise";
import { useNodeBackend } from "../../../src/node/backend";
import { loadWeightsFromDir } from "../../../src/weights/node/load-weights-dir";
import { runWeightsTool } from "../../../src/weights/node/run-weights";
import type { WeightDtype } from "../../../src/weights/core/manifest";
import { fullLayers, liteLayers, listTree, scratch, writeKerasH5 } from "../fixtures";
import { toFloat16Bits } from "../../../src/weights/core/float16";
import type { LayerArrays } from "../../../src/weights/core/layer-source";

const tmp = scratch("h5");
const logs: string[] = [];
const io = { log: (s: string) => logs.push(s) };
const convert = (from: string, out: string, dtype: WeightDtype = "float32") => runWeightsTool({ from, out, dtype, url: "", md5: "" }, io);

beforeAll(async () => {
  await useNodeBackend("cpu");
});
afterAll(() => tmp.cleanup());

async function expectLoadedEqual(dir: string, written: Map<string, LayerArrays>, layers: string[], tol: (x: number) => number) {
  const before = tf.memory().numTensors;
  const w = await loadWeightsFromDir(dir);
  try {
    expect(w.names).toEqual(layers);
    for (const name of layers) {
      const src = written.get(name)!;
      const { kernel, bias } = w.get(name);
      expect(kernel.shape).toEqual([3, 3, src.kernel.length / 9 / kernel.shape[3], kernel.shape[3]]);
      for (const [got, want] of [[kernel.dataSync(), src.kernel], [bias.dataSync(), src.bias]] as const) {
        expect(got.length).toBe(want.length);
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) - tol(want[i]));
        expect(worst, `${name}`).toBeLessThanOrEqual(0);
      }
    }
  } finally {
    w.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe("Keras 1 layout (block1_conv1/block1_conv1_W_1:0, as in the published notop file)", () => {
  const h5 = join(tmp.dir, "keras1.h5");
  let written: Map<string, LayerArrays>;
  beforeAll(async () => {
    written = await writeKerasH5(h5, { layers: liteLayers(), naming: "keras1" });
  });

  it("float32: builds lite, says it cannot build full, every value identical", async () => {
    const out = join(tmp.dir, "k1-f32");
    const report = await convert(h5, out);
    expect(report.built.map((b) => b.preset)).toEqual(["lite"]);
    expect(report.skipped).toEqual([{ preset: "full", missing: ["conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1"] }]);
    expect(logs.join("\n")).toMatch(/Could not build the full preset: the source lacks conv3_3, conv3_4, conv4_1/);
    expect(listTree(out)).toEqual(["lite/", ...liteLayers().map((l) => `lite/${l}.bin`), "lite/manifest.json"].sort());
    // fp32 bytes: (9·in·out + out) · 4 per layer.
    expect(readFileSync(join(out, "lite/conv3_2.bin")).length).toBe((9 * 256 * 256 + 256) * 4);
    await expectLoadedEqual(join(out, "lite"), written, liteLayers(), () => 0);
  });

  it("float16: half the bytes, every value the float16 rounding of the source", async () => {
    const out = join(tmp.dir, "k1-f16");
    await convert(h5, out, "float16");
    expect(readFileSync(join(out, "lite/conv3_2.bin")).length).toBe((9 * 256 * 256 + 256) * 2);
    const manifest = JSON.parse(readFileSync(join(out, "lite/manifest.json"), "utf8"));
    expect(manifest.dtype).toBe("float16");
    expect(manifest.weightsManifest[0].weights[0]).toEqual({ name: "conv1_1/kernel", shape: [3, 3, 3, 64], dtype: "float32", quantization: { dtype: "float16" } });
    await expectLoadedEqual(join(out, "lite"), written, liteLayers(), (x) => Math.abs(fromFloat16Bits(toFloat16Bits(x)) - x) + 1e-12);
  });

  it("uint8: a quarter of the bytes, within half a quantisation step per tensor", async () => {
    const out = join(tmp.dir, "k1-u8");
    await convert(h5, out, "uint8");
    const manifest = JSON.parse(readFileSync(join(out, "lite/manifest.json"), "utf8"));
    const bytes = manifest.weightsManifest.reduce((s: number, g: { bytes: number[] }) => s + g.bytes[0], 0);
    expect(bytes).toBe(1_145_408); // lite parameter count: one byte each
    // Kernels span ±0.1 → step ≈ 0.2/255; biases ±1 → step ≈ 2/255.
    const w = await loadWeightsFromDir(join(out, "lite"));
    try {
      for (const name of liteLayers()) {
        const k = w.get(name).kernel.dataSync();
        const src = written.get(name)!.kernel;
        let min = Infinity, max = -Infinity, worst = 0;
        for (const v of src) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        for (let i = 0; i < src.length; i++) worst = Math.max(worst, Math.abs(k[i] - src[i]));
        expect(worst).toBeLessThanOrEqual((max - min) / 255 / 2 + 1e-6);
      }
    } finally {
      w.dispose();
    }
  });
});

describe("Keras 2 layout (block1_conv1/block1_conv1/kernel:0), all layers the full preset needs", () => {
  it("builds both presets; full holds conv1_1…conv5_1 with every value the float16 rounding", async () => {
    const h5 = join(tmp.dir, "keras2.h5");
    const written = await writeKerasH5(h5, { layers: fullLayers(), naming: "keras2" });
    const out = join(tmp.dir, "k2");
    const report = await convert(h5, out, "float16");
    expect(report.built.map((b) => [b.preset, b.layers, b.bytes])).toEqual([
      ["lite", 6, 1_145_408 * 2],
      ["full", 13, 12_944_960 * 2],
    ]);
    expect(report.skipped).toEqual([]);
    await expectLoadedEqual(join(out, "full"), written, fullLayers(), (x) => Math.abs(fromFloat16Bits(toFloat16Bits(x)) - x) + 1e-12);
  }, 300_000);
});

describe("bad sources leave nothing behind", () => {
  it("a Theano-ordered kernel ([out,in,3,3]) is refused with the layer named", async () => {
    const h5 = join(tmp.dir, "theano.h5");
    await writeKerasH5(h5, {
      layers: liteLayers(),
      naming: "keras1",
      tamper: (name, a) => (name === "conv2_1" ? { ...a, kernelShape: [128, 64, 3, 3] } : a),
    });
    const out = join(tmp.dir, "theano-out");
    const err = await convert(h5, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestyleError);
    expect(err).toMatchObject({ code: "weights-corrupt", detail: "block2_conv1" });
    expect((err as Error).message).toMatch(/block2_conv1's kernel has shape \[128,64,3,3\] instead of \[3,3,64,128\]/);
    expect(existsSync(out)).toBe(false);
  });

  it("a NaN in a kernel is refused with the layer named", async () => {
    const h5 = join(tmp.dir, "nan.h5");
    await writeKerasH5(h5, {
      layers: liteLayers(),
      naming: "keras1",
      tamper: (name, a) => (name === "conv3_1" ? { ...a, kernel: a.kernel.map((v, i) => (i === 1234 ? NaN : v)) } : a),
    });
    const out = join(tmp.dir, "nan-out");
    const err = await convert(h5, out).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "weights-corrupt", detail: "conv3_1/kernel" });
    expect(existsSync(out)).toBe(false);
  });

  it("a file that is not HDF5 is refused, and a missing one named", async () => {
    const junk = join(tmp.dir, "junk.h5");
    writeFileSync(junk, "not hdf5 at all");
    await expect(convert(junk, join(tmp.dir, "junk-out"))).rejects.toMatchObject({ code: "weights-corrupt" });
    await expect(convert(join(tmp.dir, "absent.h5"), join(tmp.dir, "absent-out"))).rejects.toMatchObject({ code: "weights-missing" });
    expect(existsSync(join(tmp.dir, "junk-out"))).toBe(false);
  });

  it("a source with too few layers for any preset says what it lacks", async () => {
    const h5 = join(tmp.dir, "few.h5");
    await writeKerasH5(h5, { layers: ["conv1_1", "conv1_2"], naming: "keras1" });
    const out = join(tmp.dir, "few-out");
    await expect(convert(h5, out)).rejects.toMatchObject({ code: "weights-missing", message: expect.stringMatching(/missing conv2_1, conv2_2, conv3_1, conv3_2/) });
    expect(listTree(out)).toEqual([]);
  });
});

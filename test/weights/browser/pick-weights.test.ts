// "Load weights…" without a browser: picked files (real bytes from the weights tool's packPreset)
// → the engine's checks → its tensors; the page keeps the accepted files (weight-files.ts) and
// serves them for the rest of the session, also to a fresh engine after a lost context.
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresetName } from "../../../src/engine/types";
import type { VggWeights } from "../../../src/weights/core";
import { useNodeBackend } from "../../../src/node/backend";
import { KERAS_HINT, pickWeights, type PickedFile } from "../../../src/weights/browser/pick-weights";
import { forgetWeightFiles, keepPickedFiles, presetWeightFiles } from "../../../src/weights/browser/weight-files";
import { cachedWeights, dropWeights, installPickedWeights, loadPresetWeights } from "../../../src/worker/weights-cache";
import type { LayerSource } from "../../../src/weights/core/layer-source";
import { packPreset, type PackedPreset } from "../../../src/weights/core/pack-preset";
import { setLiteWeights } from "../../helpers/lite-weights-stub";
import { seededLayer } from "../fixtures";
import { githubTree } from "../github-fixture";

const LAYERS = ["conv1_1", "conv1_2"]; // enough to exercise every check, small enough to be quick
let generation = 1;
/** What the panel's engine does: the engine checks and keeps the tensors, the page keeps the files. */
const install = async (files: ReadonlyMap<string, Uint8Array>) => {
  const out = await installPickedWeights(files, generation);
  keepPickedFiles(out.preset, files);
  return out;
};
/** What a run does: the page's file set for the preset, made into tensors by the engine. */
const getWeights = async (preset: PresetName, gen: number) => loadPresetWeights(preset, await presetWeightFiles(preset), gen);

async function pack(preset: PresetName, seed: number): Promise<PackedPreset & { src: LayerSource }> {
  const src: LayerSource = new Map(LAYERS.map((l, i) => [l, seededLayer(l, seed + i)]));
  return { ...(await packPreset(preset, LAYERS, src, "float32", `seed ${seed}`)), src };
}

type Edit = (name: string, bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> | null;

/** The bundle as a file input hands it over: manifest.json and the .bin files, bare names. */
function filesOf(p: PackedPreset, edit: Edit = (_, b) => b): File[] {
  const all: Array<[string, Uint8Array]> = [["manifest.json", new TextEncoder().encode(JSON.stringify(p.manifest))], ...p.files];
  return all.flatMap(([name, bytes]) => {
    const b = edit(name, bytes.slice());
    return b ? [new File([b], name)] : [];
  });
}

async function kernelOf(w: VggWeights, layer: string): Promise<number[]> {
  return Array.from(await w.get(layer).kernel.data());
}

beforeAll(async () => {
  await useNodeBackend("cpu");
});
afterAll(() => {
  dropWeights();
  forgetWeightFiles();
  setLiteWeights(null);
});

describe("Load weights…", () => {
  it("refuses a Keras .h5 with the command that converts it, without reading it", async () => {
    const h5: PickedFile = { name: "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", arrayBuffer: () => Promise.reject(new Error("must not be read")) };
    const out = await pickWeights([h5], install);
    expect(out).toEqual({ ok: false, message: KERAS_HINT });
    expect(KERAS_HINT).toContain("`npm run weights -- --from FILE.h5`");
  });

  it("explains a missing manifest, a missing shard and a damaged shard in one sentence each, and installs nothing", async () => {
    const p = await pack("full", 1);
    const before = tf.memory().numTensors;
    const cases: Array<[Edit, string | RegExp]> = [
      [(n, b) => (n === "manifest.json" ? null : b), "Pick the weights' manifest.json together with its .bin files."],
      [(n, b) => (n === "conv1_2.bin" ? null : b), "The picked files lack conv1_2.bin; pick every .bin file next to manifest.json."],
      [(n, b) => (n === "conv1_1.bin" ? (b[100] ^= 1, b) : b), /^The weights file conv1_1\.bin failed its integrity check \(sha256 mismatch\); [^.]*\.$/],
    ];
    for (const [edit, message] of cases) {
      const out = await pickWeights(filesOf(p, edit), install);
      expect(out.ok).toBe(false);
      expect(out.message).toMatch(message);
    }
    expect(tf.memory().numTensors, "tensors leaked").toBe(before);
    // Nothing was kept: Full still means the download, and the engine holds no Full tensors.
    await expect(cachedWeights("full", generation)).rejects.toMatchObject({ code: "weights-missing" });
  });

  it("serves a picked Full bundle for the session, even after the GPU context is lost", async () => {
    const p = await pack("full", 7);
    const out = await pickWeights(filesOf(p), install);
    expect(out).toEqual({ ok: true, preset: "full", message: "Loaded the Detailed (Full) network (2 layers) from your files; Restyle uses them until it is closed." });
    const w = await getWeights("full", generation);
    expect(w.names).toEqual(LAYERS);
    expect(await kernelOf(w, "conv1_1")).toEqual(Array.from(p.src.get("conv1_1")!.kernel));

    dropWeights(); // what the panel does when the context is lost: the tensors are gone, the files are not
    generation++;
    const again = await getWeights("full", generation);
    expect(again).not.toBe(w);
    expect(await kernelOf(again, "conv1_2")).toEqual(Array.from(p.src.get("conv1_2")!.kernel));
  });

  it("accepts the pinned layers model as picked files (model.json + real group shards, checked against the shipped table)", async () => {
    const { files } = githubTree();
    const picked = [...files].filter(([p]) => p === "model.json" || Number(/^group(\d+)-/.exec(p)?.[1]) <= 6).map(([p, b]) => new File([b.slice()], p));
    const out = await pickWeights(picked, install);
    expect(out).toEqual({ ok: true, preset: "lite", message: "Loaded the Fast (Lite) network (6 layers) from your files; Restyle uses them until it is closed." });
    expect((await getWeights("lite", generation)).names).toEqual(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"]);
    dropWeights();
    forgetWeightFiles(); // the next case starts from the built-in weights
  });

  it("picked Lite weights win over the built-in ones, which are freed", async () => {
    const builtIn = await pack("lite", 10);
    const shards = Object.fromEntries([...builtIn.files].map(([n, b]) => [n, Buffer.from(b).toString("base64")]));
    setLiteWeights({ manifest: builtIn.manifest, shards });
    const first = await getWeights("lite", generation);
    expect(await kernelOf(first, "conv1_1")).toEqual(Array.from(builtIn.src.get("conv1_1")!.kernel));

    const mine = await pack("lite", 20);
    expect(await pickWeights(filesOf(mine), install)).toMatchObject({ ok: true, preset: "lite" });
    const now = await getWeights("lite", generation);
    expect(await kernelOf(now, "conv1_1")).toEqual(Array.from(mine.src.get("conv1_1")!.kernel));
    await Promise.resolve(); // the replaced weights are disposed once their promise settles
    expect(first.get("conv1_1").kernel.isDisposed).toBe(true);

    dropWeights(); // reloaded later, they still come from the picked files
    const reloaded = await getWeights("lite", ++generation);
    expect(await kernelOf(reloaded, "conv1_1")).toEqual(Array.from(mine.src.get("conv1_1")!.kernel));
  });
});

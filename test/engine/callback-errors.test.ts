/**
 * A caller's callback that throws while the weights load is reported as its own error: never as a
 * shard that "could not be read", a cancel, or out of memory, whatever its words; nothing leaks.
 */
import * as tf from "@tensorflow/tfjs-core";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useNodeBackend } from "../../src/node/backend";
import { readFileSync } from "node:fs";
import { loadWeights } from "../../src/weights/core/load-weights";
import { readManifestFile } from "../../src/weights/node/load-weights-dir";
import type { LayerSource } from "../../src/weights/core/layer-source";
import { packPreset } from "../../src/weights/core/pack-preset";
import { writePresetDir } from "../../src/weights/node/write-preset-dir";
import { liteLayers, scratch, seededLayer } from "../weights/fixtures";

const tmp = scratch("callback-errors");
let dir: string;

beforeAll(async () => {
  await useNodeBackend("cpu");
  const src: LayerSource = new Map(liteLayers().map((l, i) => [l, seededLayer(l, i + 1)]));
  dir = writePresetDir(join(tmp.dir, "lite"), await packPreset("lite", liteLayers(), src, "float32", "test"));
});
afterAll(() => tmp.cleanup());

describe("loading weights: the onProgress callback's own error", () => {
  const cases: Array<[string, (loaded: number) => boolean, () => unknown]> = [
    ["“zoom level invalid” at the first report", () => true, () => new Error("zoom level invalid")],
    ["words saying aborted, once bytes arrive", (loaded) => loaded > 0, () => new Error("The operation was aborted")],
    ["words saying the file could not be read, once bytes arrive", (loaded) => loaded > 0, () => new Error("ENOENT: could not be read")],
    ["a RangeError of its own, once bytes arrive", (loaded) => loaded > 0, () => new RangeError("out of memory")],
  ];
  it.each(cases)("%s", async (_name, when, make) => {
    const thrown = make();
    const before = tf.memory().numTensors;
    const onProgress = (loaded: number) => {
      if (when(loaded)) throw thrown;
    };
    // A reader that reports bytes as they arrive, as a download does (the callback then runs inside the read).
    const read = async (path: string, ctx: { onBytes?: (n: number) => void }) => {
      const bytes = new Uint8Array(readFileSync(join(dir, path)));
      ctx.onBytes?.(bytes.length >> 1);
      return bytes;
    };
    const got = await loadWeights(await readManifestFile(dir), read, { onProgress }).then(
      (w) => (w.dispose(), "loaded"),
      (e: unknown) => e,
    );
    expect(got).toBe(thrown);
    expect(tf.memory().numTensors, "tensors left").toBe(before);
  });
});

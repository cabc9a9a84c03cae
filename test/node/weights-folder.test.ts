/**
 * loadWeightsFromFolder reads only what the manifest names, each file bounded and only if regular:
 * a FIFO shard fails at once naming it, a link to /dev/zero fails, a huge stray file beside the
 * weights is never read, and a shard that is a link to a real file loads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadWeightsFromFolder } from "../../src/weights/node/load-folder";
import { makeLiteWeights } from "../cli/build-cli";

let lite = "";
let tmp = "";

beforeAll(async () => {
  await tf.setBackend("cpu");
  lite = await makeLiteWeights();
  tmp = mkdtempSync(join(tmpdir(), "restyle-folder-"));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copy(name: string, change: (dir: string) => void): string {
  const dir = join(tmp, name);
  cpSync(lite, dir, { recursive: true });
  change(dir);
  return dir;
}

describe("loadWeightsFromFolder", () => {
  it.each([
    [
      "a FIFO shard",
      "fifo",
      (d: string) => (rmSync(join(d, "conv1_2.bin")), execFileSync("mkfifo", [join(d, "conv1_2.bin")])),
      /The weights file .*conv1_2\.bin is not a regular file/,
    ],
    [
      "a shard linked to /dev/zero",
      "zero",
      (d: string) => (rmSync(join(d, "conv2_1.bin")), symlinkSync("/dev/zero", join(d, "conv2_1.bin"))),
      /The weights file .*conv2_1\.bin is not a regular file/,
    ],
    [
      "a manifest that is a FIFO",
      "mfifo",
      (d: string) => (rmSync(join(d, "manifest.json")), execFileSync("mkfifo", [join(d, "manifest.json")])),
      /The weights manifest .*manifest\.json is not a regular file/,
    ],
  ] as const)("%s fails at once, naming it", async (_name, dir, change, message) => {
    const t0 = Date.now();
    await expect(loadWeightsFromFolder(copy(dir, change))).rejects.toThrow(message);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(tf.memory().numTensors).toBe(0);
  });

  it("a 64 GiB stray file beside the weights is not read; a shard that is a link to a real file loads", async () => {
    const dir = copy("stray", (d) => {
      writeFileSync(join(d, "stray.bin"), "");
      truncateSync(join(d, "stray.bin"), 64 * 2 ** 30); // sparse: costs nothing unless read
      renameSync(join(d, "conv1_1.bin"), join(d, "real-conv1_1"));
      symlinkSync(join(d, "real-conv1_1"), join(d, "conv1_1.bin"));
    });
    const t0 = Date.now();
    const w = await loadWeightsFromFolder(dir);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(w.get("conv1_1").kernel.shape).toEqual([3, 3, 3, 64]);
    w.dispose();
  });
});

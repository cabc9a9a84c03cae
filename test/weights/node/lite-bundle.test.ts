// build/lite-weights.mjs: weights/lite inlined as base64 into the page bundle, checked at build time.
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWeightsFromBundle, type WeightsBundle } from "../../../src/weights/core/load-from-bundle";
import { useNodeBackend } from "../../../src/node/backend";
import { runWeightsTool } from "../../../src/weights/node/run-weights";
import { VGG_RAW } from "../../helpers/paths";
// @ts-expect-error plain .mjs build script without declarations
import { liteWeightsPlugin } from "../../../build/lite-weights.mjs";
import { liteLayers, scratch } from "../fixtures";

const tmp = scratch("bundle");
beforeAll(async () => {
  await useNodeBackend("cpu");
  await runWeightsTool({ from: VGG_RAW, out: join(tmp.dir, "good/weights"), dtype: "float16", url: "", md5: "" }, { log: () => undefined });
});
afterAll(() => tmp.cleanup());

async function bundleFor(root: string): Promise<{ value: WeightsBundle | null; js: string }> {
  const entry = join(tmp.dir, "entry.js");
  writeFileSync(entry, `import b from "restyle:lite-weights"; globalThis.__bundle = b;`);
  const r = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: "iife", plugins: [liteWeightsPlugin(root)], logLevel: "silent" });
  const js = r.outputFiles[0].text;
  const g = globalThis as { __bundle?: WeightsBundle | null };
  new Function(js)();
  const value = g.__bundle ?? null;
  delete g.__bundle;
  return { value, js };
}

describe("lite weights inlined at build time", () => {
  it("embeds every shard as base64 and loads back to the same tensors", async () => {
    const { value, js } = await bundleFor(join(tmp.dir, "good"));
    expect(value).not.toBeNull();
    expect(Object.keys(value!.shards).sort()).toEqual(liteLayers().map((l) => `${l}.bin`).sort());
    // 2.29 MB of float16 → 4/3 as base64, plus the manifest.
    expect(js.length).toBeGreaterThan(2_290_816 * 4 / 3);
    expect(js.length).toBeLessThan(2_290_816 * 4 / 3 + 20_000);
    const w = await loadWeightsFromBundle(value!);
    expect(w.names).toEqual(liteLayers());
    const raw = readFileSync(join(VGG_RAW, "block1_conv1.bin"));
    expect(w.get("conv1_1").bias.dataSync()[0]).toBeCloseTo(raw.readFloatLE(9 * 3 * 64 * 4), 3);
    w.dispose();
  });

  it("gives null when weights/lite is absent", async () => {
    mkdirSync(join(tmp.dir, "empty"), { recursive: true });
    expect((await bundleFor(join(tmp.dir, "empty"))).value).toBeNull();
  });

  it("fails the build when a shard does not match its manifest", async () => {
    cpSync(join(tmp.dir, "good"), join(tmp.dir, "bad"), { recursive: true });
    const f = join(tmp.dir, "bad/weights/lite/conv2_1.bin");
    const b = readFileSync(f);
    b[3] ^= 1;
    writeFileSync(f, b);
    await expect(bundleFor(join(tmp.dir, "bad"))).rejects.toThrow(/weights\/lite\/conv2_1\.bin does not match its manifest/);
  });
});

// The run sequence without a browser: fake host, fake engine, real plan logic.
import { describe, expect, it } from "vitest";
import { RestyleError } from "../../src/engine/errors";
import type { RgbaImage, StylizeInput, StylizeOptions } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/weights/vgg-weights";
import type { LayerInfo, PlaceRequest } from "../../src/shared/layers";
import type { Host } from "../../src/ui/hosts/host";
import { exportSides, formatTimeLeft, makeContent, resolveRoles, warmIterations } from "../../src/ui/run/plan";
import { runJob, weightsDetail, type RunDeps } from "../../src/ui/run/run-job";
import { presetWeightFiles } from "../../src/ui/run/weight-files";
import { DEFAULT_SETTINGS, sanitizeSettings, type PanelSettings } from "../../src/shared/settings";

const img = (w: number, h: number, alpha = 255): RgbaImage => ({ width: w, height: h, data: new Uint8Array(w * h * 4).fill(alpha) });
const layers: LayerInfo[] = [
  { id: "c", name: "Photo", width: 800, height: 400 },
  { id: "s", name: "Paint", width: 100, height: 100 },
];
const settings: PanelSettings = { ...DEFAULT_SETTINGS, size: 256, iterations: 30, styleScale: 1.5 };

function fakes(opts: { transparent?: string; abortAt?: "export" | "stylize"; ac?: AbortController } = {}) {
  const exported: Array<[string, number]> = [];
  const placed: PlaceRequest[] = [];
  const calls: Array<{ input: StylizeInput; o: Partial<StylizeOptions> }> = [];
  const host: Host = {
    kind: "standalone",
    watchLayers: () => () => undefined,
    async exportLayer(id, maxSide) {
      exported.push([id, maxSide]);
      if (opts.abortAt === "export") opts.ac?.abort();
      return new Uint8Array([id.charCodeAt(0)]);
    },
    async placeResult(r) {
      placed.push(r);
      return "r1";
    },
    loadSettings: async () => ({}),
    saveSettings: async () => undefined,
    notify: () => undefined,
  };
  const deps: RunDeps = {
    async stylize(_w, input, o, h) {
      calls.push({ input, o });
      if (opts.abortAt === "stylize") {
        opts.ac?.abort();
        if (h.signal?.aborted) throw new RestyleError("cancelled", "The run was cancelled.");
      }
      return { image: img(256, 128), stats: { backend: "fake", elapsedMs: 5 } as never };
    },
    weights: async () => ({}) as VggWeights,
    decode: async (png) => (String.fromCharCode(png[0]) === opts.transparent ? img(4, 4, 0) : img(16, 8)),
    encode: async () => new Uint8Array([0x89, 1]),
  };
  return { host, deps, exported, placed, calls };
}

describe("runJob", () => {
  it("exports at the planned sides, stylises, and places one named result", async () => {
    const f = fakes();
    const out = await runJob(f.host, layers, { contentId: "c", styleIds: ["s"] }, settings, f.deps, { signal: new AbortController().signal });
    expect(f.exported).toEqual([["c", 256], ["s", 384]]); // content at the output size; style at working size × style scale
    expect(f.calls[0].o).toMatchObject({ size: 256, workingSize: 256, iterations: 30, styleScale: 1.5 });
    expect(f.placed).toHaveLength(1);
    expect(f.placed[0]).toMatchObject({ contentId: "c", styleIds: ["s"], name: "Photo · Paint", width: 256, height: 128 });
    expect(f.placed[0].replaceId).toBeUndefined();
    expect(out.resultId).toBe("r1");
  });

  it("a warm start reuses the pixels, starts from the result, runs a third of the steps and replaces the layer", async () => {
    const f = fakes();
    const roles = { contentId: "c", styleIds: ["s"] };
    const first = await runJob(f.host, layers, roles, settings, f.deps, { signal: new AbortController().signal });
    await runJob(f.host, layers, roles, { ...settings, strength: 0.9 }, f.deps, { signal: new AbortController().signal }, { warm: { inputs: first.inputs, init: first.image }, replaceId: "r1" });
    expect(f.exported).toHaveLength(2); // no second export
    expect(f.calls[1].input.init).toBe(first.image);
    expect(f.calls[1].o).toMatchObject({ strength: 0.9, iterations: 10 });
    expect(f.placed[1]).toMatchObject({ replaceId: "r1", params: { warmStart: true, strength: 0.9 } });
  });

  it("places nothing when cancelled during the exports or the optimisation", async () => {
    for (const at of ["export", "stylize"] as const) {
      const ac = new AbortController();
      const f = fakes({ abortAt: at, ac });
      await expect(runJob(f.host, layers, { contentId: "c", styleIds: ["s"] }, settings, f.deps, { signal: ac.signal })).rejects.toMatchObject({ code: "cancelled" });
      expect(f.placed).toEqual([]);
    }
  });

  it("names a transparent layer and places nothing", async () => {
    const f = fakes({ transparent: "s" });
    await expect(runJob(f.host, layers, { contentId: "c", styleIds: ["s"] }, settings, f.deps, { signal: new AbortController().signal })).rejects.toThrow(
      "“Paint” is fully transparent: there is nothing to restyle there. Pick a layer with visible pixels.",
    );
    expect(f.calls).toEqual([]);
    expect(f.placed).toEqual([]);
  });

  it("with no built-in weights (a build before `npm run weights`), says what to do and places nothing", async () => {
    const f = fakes();
    // The panel's own weights source; under vitest "restyle:lite-weights" is the empty stub.
    const deps: RunDeps = { ...f.deps, weights: async (preset, hooks) => (await presetWeightFiles(preset, hooks), f.deps.weights(preset, hooks)) };
    const err = await runJob(f.host, layers, { contentId: "c", styleIds: ["s"] }, settings, deps, { signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestyleError);
    expect(err).toMatchObject({
      code: "weights-missing",
      message: "This build of Restyle has no built-in Lite weights; use Load weights… to pick a converted bundle, or choose Full quality.",
    });
    expect(f.calls).toEqual([]);
    expect(f.placed).toEqual([]);
  });
});

describe("plan", () => {
  it("sizes: layer's own size when 0, capped at 4096; working size ≤ 512", () => {
    expect(exportSides({ ...settings, size: 0 }, { id: "c", name: "", width: 9000, height: 10 })).toEqual({ content: 4096, style: 768, workingSize: 512 });
    expect(exportSides({ ...settings, size: 32, styleScale: 1 }, layers[0])).toEqual({ content: 32, style: 32, workingSize: 32 });
  });

  it("roles: remembered roles win when they cover the same layers; swap keeps every layer", () => {
    const choice = { layers, contentId: "c", styleIds: ["s"], problem: null };
    expect(resolveRoles(choice, { contentId: "s", styleIds: ["c"] })).toEqual({ contentId: "s", styleIds: ["c"] });
    expect(resolveRoles(choice, { contentId: "x", styleIds: ["c"] })).toEqual({ contentId: "c", styleIds: ["s"] });
    expect(makeContent({ contentId: "a", styleIds: ["b", "c"] }, "c")).toEqual({ contentId: "c", styleIds: ["b", "a"] });
  });

  it("settings from storage are pulled inside their bounds", () => {
    expect(sanitizeSettings({ strength: 7, iterations: -3, size: 1e9, preset: "huge" as never, styleWeights: [2000, Number.NaN] })).toMatchObject({ strength: 1, iterations: 1, size: 4096, preset: "lite", styleWeights: [1000, 1] });
    expect(warmIterations(60)).toBe(20);
    expect(formatTimeLeft(12_300)).toBe("About 13 s left");
    expect(formatTimeLeft(Number.NaN)).toBe("");
  });

  it("says the weights' bytes so far and the time left once known", () => {
    expect(weightsDetail(12.5e6, 26e6, 8000)).toBe("12.5 of 26.0 MB · About 8 s left");
    expect(weightsDetail(0, 26e6)).toBe("0.0 of 26.0 MB");
    expect(weightsDetail(5, 0)).toBeUndefined();
  });
});

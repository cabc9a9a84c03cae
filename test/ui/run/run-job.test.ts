// The run sequence without a browser: fake host, fake engine, real plan logic.
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "../../../src/engine/defaults";
import { RestyleError } from "../../../src/engine/errors";
import type { Progress, RgbaImage, StylizeInput, StylizeOptions } from "../../../src/engine/types";
import type { VggWeights } from "../../../src/engine/vgg-weights";
import { GALLERY } from "../../../src/gallery";
import { galleryId, type LayerInfo, type PlaceRequest } from "../../../src/shared/layers";
import { parseResultParams } from "../../../src/shared/result-params";
import { AUTO_SIZE, DEFAULT_SETTINGS, sanitizeSettings, type PanelSettings } from "../../../src/shared/settings";
import type { Host } from "../../../src/ui/hosts/host";
import { shrinkToFit } from "../../../src/ui/run/fit-image";
import {
  batchEtaMs,
  carryWeights,
  exportSides,
  stylizeOptions,
  formatTimeLeft,
  makeContent,
  resolveRoles,
  setRole,
  settingsFromRecall,
  toggleStyle,
  warmIterations,
} from "../../../src/ui/run/plan";
import { runJob, weightsDetail, type BatchProgress, type RunDeps } from "../../../src/ui/run/run-job";
import { presetWeightFiles } from "../../../src/weights/browser/weight-files";

const img = (w: number, h: number, alpha = 255): RgbaImage => ({ width: w, height: h, data: new Uint8Array(w * h * 4).fill(alpha) });
const layers: LayerInfo[] = [
  { id: "c", name: "Photo", width: 800, height: 400 },
  { id: "s", name: "Paint", width: 100, height: 100 },
  { id: "d", name: "Second", width: 64, height: 64 },
  { id: "e", name: "Third", width: 32, height: 16, noFill: "a group has no fills of its own" },
];
const settings: PanelSettings = { ...DEFAULT_SETTINGS, size: 256, iterations: 30, styleScale: 1.5 };
const one = (contentId: string, styleIds: string[]) => ({ contentIds: [contentId], styleIds });
const live = () => ({ signal: new AbortController().signal });

interface FakeOpts {
  transparent?: string;
  abortAt?: "export" | "stylize";
  /** Abort during the n-th stylize call (0-based). */
  abortOnCall?: number;
  ac?: AbortController;
  batchPlace?: boolean;
}

function fakes(opts: FakeOpts = {}) {
  const exported: Array<[string, number]> = [];
  const placed: PlaceRequest[] = [];
  const batches: PlaceRequest[][] = [];
  const decoded: Uint8Array[] = [];
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
      return `r${placed.length}`;
    },
    ...(opts.batchPlace
      ? {
          async placeResults(rs: PlaceRequest[]) {
            batches.push(rs);
            return rs.map((_, i) => `b${i + 1}`);
          },
        }
      : {}),
    loadSettings: async () => ({}),
    saveSettings: async () => undefined,
    notify: () => undefined,
  };
  const deps: RunDeps = {
    async stylize(_w, input, o, h) {
      const n = calls.length;
      calls.push({ input, o });
      const p: Progress = {
        iteration: 1,
        totalIterations: 2,
        scaleIndex: 0,
        scaleCount: 1,
        width: 8,
        height: 8,
        tileIndex: 0,
        tileCount: 1,
        loss: { total: 1, content: 1, style: 0, tv: 0 },
        evaluations: 1,
        elapsedMs: 10,
        etaMs: 10,
      };
      h.onProgress?.(p);
      if (opts.abortAt === "stylize" || opts.abortOnCall === n) {
        opts.ac?.abort();
        if (h.signal?.aborted) throw new RestyleError("cancelled", "The run was cancelled.");
      }
      return { image: img(256, 128), stats: { backend: "fake", elapsedMs: 5 } as never };
    },
    weights: async () => ({}) as VggWeights,
    decode: async (png) => {
      decoded.push(png);
      if (png.length > 1) return img(512, 256); // a gallery JPEG
      return String.fromCharCode(png[0]) === opts.transparent ? img(4, 4, 0) : img(16, 8);
    },
    encode: async () => new Uint8Array([0x89, 1]),
  };
  return { host, deps, exported, placed, batches, calls, decoded };
}

describe("runJob", () => {
  it("exports at the planned sides, stylises, and places one named result", async () => {
    const f = fakes();
    const out = await runJob(f.host, layers, one("c", ["s"]), settings, f.deps, live());
    expect(f.exported).toEqual([
      ["c", 256],
      ["s", 100],
    ]); // content at the output size; the style at its own 100 px (under output × style scale: 384)
    expect(f.calls[0].o).toMatchObject({ size: 256, workingSize: 256, iterations: 30, styleScale: 1.5, seed: DEFAULT_OPTIONS.seed });
    expect(f.placed).toHaveLength(1);
    expect(f.placed[0]).toMatchObject({ contentId: "c", styleIds: ["s"], name: "Photo · Paint", width: 256, height: 128, mode: "layer" });
    expect(f.placed[0].replaceId).toBeUndefined();
    expect(out.placedIds).toEqual(["r1"]);
  });

  it("records exactly a ResultParams, seed and the sources' names included", async () => {
    const f = fakes();
    await runJob(f.host, layers, one("c", ["s", galleryId(GALLERY[0].slug)]), { ...settings, styleWeights: [2, 0.5] }, f.deps, live());
    const params = f.placed[0].params;
    expect(parseResultParams(params)).toEqual(params); // nothing but ResultParams' own keys, each of its type
    expect(params).toEqual({
      strength: settings.strength,
      preset: "lite",
      size: 256,
      iterations: 30,
      preserveColors: false,
      styleScale: 1.5,
      styleWeights: [2, 0.5],
      seed: DEFAULT_OPTIONS.seed,
      contentName: "Photo",
      styleNames: ["Paint", GALLERY[0].title],
      workingSize: 256,
      backend: "fake",
      warmStart: false,
    });
  });

  it("a gallery style is never exported: its JPEG is decoded and shrunk to the style side, and the result is named by the painting", async () => {
    const f = fakes();
    const g = GALLERY[0];
    await runJob(f.host, layers, one("c", [galleryId(g.slug)]), settings, f.deps, live());
    expect(f.exported).toEqual([["c", 256]]);
    expect(f.decoded).toContain(g.jpeg);
    const style = f.calls[0].input.styles[0].image;
    expect(Math.max(style.width, style.height)).toBe(384); // 512×256 decoded → long side 384 (256 × style scale 1.5)
    expect(f.placed[0]).toMatchObject({ styleIds: [galleryId(g.slug)], name: `Photo · ${g.title}` });
  });

  it("refuses an unknown built-in style before exporting anything", async () => {
    const f = fakes();
    await expect(runJob(f.host, layers, one("c", [galleryId("no-such-painting")]), settings, f.deps, live())).rejects.toThrow(
      "The built-in style “no-such-painting” is not in this version of Restyle. Pick another style.",
    );
    expect(f.exported).toEqual([]);
  });

  it("a batch of 3: one result per content, the same styles, progress layer i of n, one placeResults call in order", async () => {
    const f = fakes({ batchPlace: true });
    const seen: BatchProgress[] = [];
    const started: string[] = [];
    const out = await runJob(
      f.host,
      layers,
      { contentIds: ["c", "d", "e"], styleIds: ["s"] },
      settings,
      f.deps,
      { ...live(), onProgress: (_p, b) => seen.push(b), onLayer: (l) => void (!l.original && started.push(`${l.index + 1}/${l.count} ${l.name}`)) },
      { mode: "fill" },
    );
    expect(started).toEqual(["1/3 Photo", "2/3 Second", "3/3 Third"]);
    expect(seen.map((b) => [b.index, b.count])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(seen[0].etaMs).toBe(10 + 2 * 20); // this layer's 10 ms left + 2 more layers at its 20 ms
    expect(f.placed).toEqual([]); // never one by one where the host can place a batch
    expect(f.batches).toHaveLength(1);
    expect(f.batches[0].map((r) => [r.contentId, r.styleIds, r.name, r.mode])).toEqual([
      ["c", ["s"], "Photo · Paint", "fill"],
      ["d", ["s"], "Second · Paint", "fill"],
      ["e", ["s"], "Third · Paint", "layer"], // noFill: a layer instead
    ]);
    expect(out.placedIds).toEqual(["b1", "b2", "b3"]);
    // The shared style is exported once for the whole batch (every content has the same sides here).
    expect(f.exported).toEqual([
      ["c", 256],
      ["s", 100],
      ["d", 256],
      ["e", 256],
    ]);
  });

  it("a host without placeResults gets placeResult once per result, in order", async () => {
    const f = fakes();
    await runJob(f.host, layers, { contentIds: ["c", "d"], styleIds: ["s"] }, settings, f.deps, live());
    expect(f.placed.map((r) => r.contentId)).toEqual(["c", "d"]);
  });

  it("cancel mid-batch: nothing placed, the finished results handed back unplaced", async () => {
    const ac = new AbortController();
    const f = fakes({ batchPlace: true, abortOnCall: 1, ac });
    const out = await runJob(f.host, layers, { contentIds: ["c", "d", "e"], styleIds: ["s"] }, settings, f.deps, { signal: ac.signal });
    expect(out.cancelled).toBe(true);
    expect(out.placedIds).toEqual([]);
    expect(out.finished.map((r) => r.request.contentId)).toEqual(["c"]);
    expect(f.calls).toHaveLength(2); // the third never started
    expect([f.placed, f.batches]).toEqual([[], []]);
  });

  it("review first: the results are made and returned, nothing placed", async () => {
    const f = fakes({ batchPlace: true });
    const out = await runJob(f.host, layers, one("c", ["s"]), settings, f.deps, live(), { place: false, replaceId: "old" });
    expect([out.placedIds, out.cancelled, f.placed, f.batches]).toEqual([[], false, [], []]);
    expect(out.finished[0].request).toMatchObject({ replaceId: "old", contentId: "c" });
  });

  it("a warm start reuses the pixels, starts from the result, runs a third of the steps and replaces the layer", async () => {
    const f = fakes();
    const roles = one("c", ["s"]);
    const first = (await runJob(f.host, layers, roles, settings, f.deps, live())).finished[0];
    await runJob(f.host, layers, roles, { ...settings, strength: 0.9 }, f.deps, live(), { warm: { inputs: first.inputs, init: first.image }, replaceId: "r1" });
    expect(f.exported).toHaveLength(2); // no second export
    expect(f.calls[1].input.init).toBe(first.image);
    expect(f.calls[1].o).toMatchObject({ strength: 0.9, iterations: 10 });
    // The record keeps the iterations the user set, so recalling it re-runs a whole run.
    expect(f.placed[1]).toMatchObject({ replaceId: "r1", params: { warmStart: true, strength: 0.9, iterations: 30 } });
  });

  it("recall: the recorded parameters become the settings, and Update replaces the result in its mode", async () => {
    const f = fakes();
    const rec = {
      strength: 0.25,
      preset: "lite" as const,
      size: 128,
      iterations: 12,
      preserveColors: true,
      styleScale: 2,
      styleWeights: [3],
      seed: 42,
      contentName: "Photo",
      styleNames: ["Paint"],
      backend: "webgl",
    };
    const s = sanitizeSettings(settingsFromRecall(settings, rec));
    expect(s).toMatchObject({ strength: 0.25, size: 128, iterations: 12, preserveColors: true, styleScale: 2, styleWeights: [3], reviewFirst: false });
    await runJob(f.host, layers, one("c", ["s"]), s, f.deps, live(), { replaceId: "9:1", mode: "fill" });
    expect(f.calls[0].o).toMatchObject({ strength: 0.25, size: 128, iterations: 12, preserveColors: true, styleScale: 2 });
    expect(f.calls[0].input.styles[0].weight).toBe(3);
    expect(f.placed[0]).toMatchObject({ replaceId: "9:1", mode: "fill", params: { strength: 0.25, size: 128, iterations: 12, styleWeights: [3] } });
  });

  it("places nothing when cancelled during the exports or the optimisation", async () => {
    for (const at of ["export", "stylize"] as const) {
      const ac = new AbortController();
      const f = fakes({ abortAt: at, ac });
      await expect(runJob(f.host, layers, one("c", ["s"]), settings, f.deps, { signal: ac.signal })).rejects.toMatchObject({ code: "cancelled" });
      expect(f.placed).toEqual([]);
    }
  });

  it("names a transparent layer and places nothing", async () => {
    const f = fakes({ transparent: "s" });
    await expect(runJob(f.host, layers, one("c", ["s"]), settings, f.deps, live())).rejects.toThrow(
      "“Paint” is fully transparent: there is nothing to restyle there. Pick a layer with visible pixels.",
    );
    expect(f.calls).toEqual([]);
    expect(f.placed).toEqual([]);
  });

  it("with no style at all, says how to pick one", async () => {
    const f = fakes();
    await expect(runJob(f.host, layers, one("c", []), settings, f.deps, live())).rejects.toThrow(
      "Choose at least one style: a built-in painting or a style layer.",
    );
    expect(f.exported).toEqual([]);
  });

  it("with no built-in weights (a build before `npm run weights`), says what to do and places nothing", async () => {
    const f = fakes();
    // The panel's own weights source; under vitest "restyle:lite-weights" is the empty stub.
    const deps: RunDeps = { ...f.deps, weights: async (preset, hooks) => (await presetWeightFiles(preset, hooks), f.deps.weights(preset, hooks)) };
    const err = await runJob(f.host, layers, one("c", ["s"]), settings, deps, live()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestyleError);
    expect(err).toMatchObject({
      code: "weights-missing",
      message:
        "This build of Restyle has no built-in Lite weights; under Advanced, use Load from files… to pick a converted bundle, or choose Finest (the detailed network).",
    });
    expect(f.calls).toEqual([]);
    expect(f.placed).toEqual([]);
  });
});

describe("plan", () => {
  it("sizes: layer's own size when 0, capped at 4096; working size ≤ 512 (more sides in plan.test.ts)", () => {
    expect(exportSides({ ...settings, size: 0 }, { id: "c", name: "", width: 9000, height: 10 })).toEqual({
      content: 4096,
      style: 4096,
      workingSize: 512,
      density: 1,
    });
    expect(exportSides({ ...settings, size: 32, styleScale: 1 }, layers[0])).toEqual({ content: 32, style: 32, workingSize: 32, density: 1 });
  });

  it("Auto (the default) follows the layer: its size at the screen's density up to 2×, up to 4096", () => {
    const auto = { ...settings, size: AUTO_SIZE, styleScale: 1 };
    expect(DEFAULT_SETTINGS.size).toBe(AUTO_SIZE);
    expect(exportSides(auto, { id: "c", name: "", width: 64, height: 40 }, 2)).toEqual({ content: 128, style: 128, workingSize: 128, density: 2 });
    expect(exportSides(auto, { id: "c", name: "", width: 64, height: 40 }, 3)).toMatchObject({ content: 128 });
    expect(exportSides(auto, { id: "c", name: "", width: 64, height: 40 })).toMatchObject({ content: 64 });
    expect(exportSides(auto, layers[0], 2)).toEqual({ content: 1600, style: 1600, workingSize: 512, density: 2 });
    // The engine gets the side itself; the record keeps "Auto".
    expect(stylizeOptions(auto, exportSides(auto, layers[2], 1), false).size).toBe(64);
    expect(sanitizeSettings({ size: AUTO_SIZE }).size).toBe(AUTO_SIZE);
  });

  it("roles: remembered roles win when they cover the same layers; swap keeps every layer; gallery picks stay", () => {
    const two = layers.slice(0, 2);
    const choice = { layers: two, contentId: "c", styleIds: ["s"], problem: null };
    expect(resolveRoles(choice, { contentId: "s", styleIds: ["c"] })).toEqual(one("s", ["c"]));
    expect(resolveRoles(choice, { contentId: "x", styleIds: ["c"] })).toEqual(one("c", ["s"]));
    expect(resolveRoles(choice, { contentId: "s", styleIds: ["c", "gallery:great-wave"] })).toEqual(one("s", ["c", "gallery:great-wave"]));
    expect(resolveRoles(choice, undefined, ["gallery:great-wave"])).toEqual(one("c", ["s", "gallery:great-wave"]));
    // A recalled result brings its own styles.
    expect(resolveRoles({ ...choice, resultId: "9:1", styleIds: ["gallery:the-kiss"] }, undefined, ["gallery:great-wave"])).toEqual(
      one("c", ["gallery:the-kiss"]),
    );
    // A host's default batch.
    expect(resolveRoles({ layers, contentId: "c", contentIds: ["c", "d"], styleIds: ["s"], problem: null })).toEqual({
      contentIds: ["c", "d"],
      styleIds: ["s"],
    });
    expect(makeContent(one("a", ["b", "c"]), "c")).toEqual(one("c", ["b", "a"]));
  });

  it("roles: each layer content or style, never no content, within the limits", () => {
    const r = one("c", ["s", "d"]);
    expect(setRole(r, "d", "content")).toEqual({ contentIds: ["c", "d"], styleIds: ["s"] });
    expect(setRole({ contentIds: ["c", "d"], styleIds: ["s"] }, "c", "style")).toEqual({ contentIds: ["d"], styleIds: ["s", "c"] });
    expect(setRole(r, "c", "style")).toBe(r); // the only content stays
    expect(toggleStyle(r, "gallery:x")).toEqual(one("c", ["s", "d", "gallery:x"]));
    expect(toggleStyle(one("c", ["s", "gallery:x"]), "gallery:x")).toEqual(one("c", ["s"]));
    expect(toggleStyle(one("c", ["1", "2", "3", "4"]), "gallery:x").styleIds).toHaveLength(4);
    expect(carryWeights({ ...settings, styleWeights: [2, 3] }, ["s", "d"], ["d", "gallery:x"])).toEqual([3, 1]);
  });

  it("batch ETA: this layer's time left plus the mean of the finished ones for each still to come", () => {
    expect(batchEtaMs(1000, 3000, [], 0, 3)).toBe(1000 + 2 * 4000);
    expect(batchEtaMs(500, 100, [2000, 4000], 2, 4)).toBe(500 + 3000);
    expect(batchEtaMs(Number.NaN, 100, [], 0, 2)).toBeNaN();
  });

  it("settings from storage are pulled inside their bounds", () => {
    expect(sanitizeSettings({ strength: 7, iterations: -3, size: 1e9, preset: "huge" as never, styleWeights: [2000, Number.NaN] })).toMatchObject({
      strength: 1,
      iterations: 1,
      size: 4096,
      preset: "lite",
      styleWeights: [1000, 1],
    });
    expect(warmIterations(60)).toBe(20);
    expect(formatTimeLeft(12_300)).toBe("About 13 s left");
    expect(formatTimeLeft(Number.NaN)).toBe("");
  });

  it("says the weights' bytes so far and the time left once known", () => {
    expect(weightsDetail(12.5e6, 26e6, 8000)).toBe("12.5 of 26.0 MB · About 8 s left");
    expect(weightsDetail(0, 26e6)).toBe("0.0 of 26.0 MB");
    expect(weightsDetail(5, 0)).toBeUndefined();
  });

  it("shrinkToFit shrinks by area (alpha-weighted), never enlarges", () => {
    const src = {
      width: 4,
      height: 2,
      data: new Uint8Array([
        ...[255, 0, 0, 255],
        ...[0, 0, 255, 255],
        ...[9, 9, 9, 0],
        ...[9, 9, 9, 0],
        ...[255, 0, 0, 255],
        ...[0, 0, 255, 255],
        ...[9, 9, 9, 0],
        ...[9, 9, 9, 0],
      ]),
    };
    const out = shrinkToFit(src, 2);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(Array.from(out.data)).toEqual([128, 0, 128, 255, 0, 0, 0, 0]);
    expect(shrinkToFit(src, 8)).toBe(src);
  });
});

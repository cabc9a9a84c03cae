/**
 * Painting at the output size (lite network, wasm): coarse-to-fine keeps what each coarse scale
 * gained (each scale's first-iteration loss falls scale over scale, and sits below a run started at
 * the final size), and a run forced into tiles paints the picture with no seam along the tile borders.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { resolveOptions } from "../../src/engine/options";
import { runSizes, stylize } from "../../src/engine/stylize";
import { tileGrid } from "../../src/engine/tiles";
import { tapsOf } from "../../src/engine/layers";
import { PRESETS } from "../../src/engine/defaults";
import type { Progress, RgbaImage } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { fixture } from "../helpers/fixtures";
import { liteRun } from "../helpers/lite-run";

let lite: VggWeights;
let content: RgbaImage;
let style: RgbaImage;
beforeAll(async () => {
  ({ lite } = await liteRun());
  content = fixture("content_chelsea.jpg");
  style = fixture("style_starry_night.jpg");
});
afterAll(() => lite.dispose());

/** Each scale's loss after its first iteration. */
function firstLosses(seen: Progress[]): number[] {
  const out: number[] = [];
  for (const p of seen) if (out.length === p.scaleIndex) out.push(p.loss.total);
  return out;
}

describe("painting at the output size", () => {
  it("coarse-to-fine: each scale's first-iteration loss falls scale over scale, below a run started at the output size", async () => {
    const seen: Progress[] = [];
    const opts = { size: 128, workingSize: 32, iterations: 24, stopTolerance: 0, previewEvery: 0 };
    const r = await stylize(lite, { content, styles: [{ image: style }] }, opts, { onProgress: (p) => seen.push(p) });
    expect(r.stats.scales.map(([w]) => w)).toEqual([32, 64, 128]);
    const first = firstLosses(seen);
    const direct: Progress[] = [];
    await stylize(lite, { content, styles: [{ image: style }] }, { ...opts, workingSize: 128, iterations: 1 }, { onProgress: (p) => direct.push(p) });
    console.log(
      `first-iteration loss per scale (32, 64, 128 px): ${first.map((l) => l.toExponential(3)).join(", ")}; started at 128 px: ${direct[0].loss.total.toExponential(3)}`,
    );
    for (let i = 1; i < first.length; i++) expect(first[i]).toBeLessThan(first[i - 1]);
    expect(first[2]).toBeLessThan(direct[0].loss.total);
  }, 300_000);

  it("a run forced into 4+ tiles paints the whole picture with no seam along the tile borders", async () => {
    const before = tf.memory().numTensors;
    const seen: Progress[] = [];
    const opts = { size: 128, workingSize: 128, iterations: 8, previewEvery: 4, memoryBudgetMB: 32 };
    const r = await stylize(lite, { content, styles: [{ image: style }] }, opts, { onProgress: (p) => seen.push(p) });
    expect(tf.memory().numTensors).toBe(before);
    const tiles = r.stats.tiles[0];
    expect(tiles).toBeGreaterThanOrEqual(4);
    expect(seen.some((p) => p.tileCount === tiles && p.tileIndex === 1)).toBe(true);
    expect(seen.filter((p) => p.preview).every((p) => p.preview!.width === r.image.width)).toBe(true);
    const { width: w, height: h, data } = r.image;
    // |∇I| across each column boundary x−1|x, averaged over rows and channels.
    const across = (x: number) => {
      let s = 0;
      for (let y = 0; y < h; y++) for (let c = 0; c < 3; c++) s += Math.abs(data[(y * w + x) * 4 + c] - data[(y * w + x - 1) * 4 + c]);
      return s / (3 * h);
    };
    const down = (y: number) => {
      let s = 0;
      for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) s += Math.abs(data[(y * w + x) * 4 + c] - data[((y - 1) * w + x) * 4 + c]);
      return s / (3 * w);
    };
    const plan = runSizes(content, resolveOptions(opts), false, [style]).plan[0];
    expect(plan.tiles).toBe(tiles);
    const grid = tileGrid(w, h, plan.cols, plan.rows, tapsOf(PRESETS.lite.styleLayers, PRESETS.lite.contentLayer));
    const check = (at: number, f: (i: number) => number, axis: string) => {
      const near = [-6, -5, -4, -3, 3, 4, 5, 6].map((d) => f(at + d));
      const mean = near.reduce((a, b) => a + b, 0) / near.length;
      console.log(`tile border ${axis} = ${at}: |∇I| ${f(at).toFixed(2)} against ${mean.toFixed(2)} nearby`);
      expect(f(at)).toBeLessThan(1.5 * mean);
    };
    for (const x of new Set(grid.map((t) => t.x0).filter((v) => v > 0))) check(x, across, "x");
    for (const y of new Set(grid.map((t) => t.y0).filter((v) => v > 0))) check(y, down, "y");
  }, 300_000);
});

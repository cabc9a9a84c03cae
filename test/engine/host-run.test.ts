/**
 * A run whose finest scale keeps its state on the host (run-scales.ts, run-content.ts): forced there
 * by a small memory budget, it paints what the same run paints with everything on the device (Adam
 * at every scale both ways), its device peak stays within the budget, it reports each tile and a
 * whole-picture preview, preserves colours and alpha the same way, stops on a cancel mid-tile, and
 * leaves no tensor behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { hostResize, hostRgb, hostToRgba } from "../../src/engine/host-image";
import { resolveOptions } from "../../src/engine/options";
import { runSizes } from "../../src/engine/run-sizes";
import { stylize } from "../../src/engine/stylize";
import type { Progress, RgbaImage, StylizeOptions } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { wasm } from "../helpers/backend";
import { fixture } from "../helpers/fixtures";
import { LITE_LAYERS } from "../helpers/lite-run";
import { loadRawWeights } from "../helpers/raw-weights";

// On wasm's conv paths this puts 96 × 72 on the host in 8 tiles (scale-tiles.ts); 19 MiB would fit it on the device.
const BUDGET_MB = 18.5;
const RUN: Partial<StylizeOptions> = { size: 96, workingSize: 48, scales: [1], iterations: 2, optimizer: "adam", previewEvery: 2 };

let lite: VggWeights;
let content: RgbaImage;
let style: RgbaImage;
beforeAll(async () => {
  await wasm();
  lite = loadRawWeights(LITE_LAYERS);
  // 96 × 72 with a transparent corner (the alpha must come back resized the same way).
  const c = hostToRgba(hostResize(hostRgb(fixture("fixture_content_64x64.png")), 96, 72));
  for (let y = 0; y < 20; y++) for (let x = 0; x < 30; x++) c.data[(y * 96 + x) * 4 + 3] = 8 * x;
  content = c;
  style = fixture("fixture_style_32x48.png");
});
afterAll(() => lite.dispose());

function diff(a: RgbaImage, b: RgbaImage): { max: number; mean: number } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.data.length };
}

/** Mean |R − G| + |G − B| over the opaque pixels: 0 for a grey picture. */
function chroma(img: RgbaImage): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    if (img.data[i + 3] < 255) continue;
    sum += Math.abs(img.data[i] - img.data[i + 1]) + Math.abs(img.data[i + 1] - img.data[i + 2]);
    n++;
  }
  return sum / n;
}

async function bothWays(extra: Partial<StylizeOptions>) {
  const onHost = { ...RUN, ...extra, memoryBudgetMB: BUDGET_MB };
  const plan = runSizes(content, resolveOptions(onHost), false, [style]).plan;
  console.log(plan.map((s) => `${s.width}×${s.height} ${s.state} ${s.tiles} tiles ${s.optimizer} ${(s.peakBytes / 2 ** 20).toFixed(1)} MiB`).join("; "));
  expect(plan.at(-1)).toMatchObject({ width: 96, height: 72, state: "host", optimizer: "adam", withinBudget: true });
  expect(plan.at(-1)!.tiles).toBeGreaterThan(4);
  const before = tf.memory().numTensors;
  const events: Progress[] = [];
  const host = await stylize(lite, { content, styles: [{ image: style }] }, onHost, { onProgress: (p) => void events.push(p) });
  expect(tf.memory().numTensors).toBe(before);
  const deviceEvents: Progress[] = [];
  const device = await stylize(
    lite,
    { content, styles: [{ image: style }] },
    { ...RUN, ...extra, memoryBudgetMB: 1024 },
    { onProgress: (p) => void deviceEvents.push(p) },
  );
  expect(device.stats.tiles).toEqual([1, 1]);
  return { host, device, events, deviceEvents, tiles: plan.at(-1)!.tiles };
}

describe("a run with its finest scale's state on the host", () => {
  it("paints what the on-device run paints, within the budget, reporting tiles and whole previews", { timeout: 600_000 }, async () => {
    const { host, device, events, tiles } = await bothWays({});
    const d = diff(host.image, device.image);
    console.log(
      `host against device: max ${d.max}, mean ${d.mean.toFixed(3)} grey levels; device peak ${(host.stats.peakBytes / 2 ** 20).toFixed(1)} MiB of ${BUDGET_MB}`,
    );
    expect(d.max).toBeLessThanOrEqual(2);
    expect(d.mean).toBeLessThan(0.05);
    expect(Math.abs(host.stats.lossEnd.total / device.stats.lossEnd.total - 1)).toBeLessThan(1e-3);
    expect(host.stats.peakBytes).toBeLessThanOrEqual(BUDGET_MB * 2 ** 20);
    expect(host.stats.scales).toEqual([
      [48, 36],
      [96, 72],
    ]);
    expect(host.stats.tiles.at(-1)).toBe(tiles);
    const fine = events.filter((e) => e.scaleIndex === 1);
    expect(new Set(fine.map((e) => e.tileIndex)).size).toBe(tiles);
    expect(fine.every((e) => e.tileCount === tiles)).toBe(true);
    const previews = fine.flatMap((e) => (e.preview ? [e.preview] : []));
    expect(previews.length).toBeGreaterThan(0);
    for (const p of previews) expect([p.width, p.height, p.data.length]).toEqual([96, 72, 96 * 72 * 4]);
  });

  it("preserves colours the way the on-device run does, previews in the content's colours too", { timeout: 600_000 }, async () => {
    const { host, device, events, deviceEvents } = await bothWays({ preserveColors: true });
    const d = diff(host.image, device.image);
    expect(d.max).toBeLessThanOrEqual(2);
    expect(d.mean).toBeLessThan(0.05);
    // A preview is the iterate's luminance over the content's chrominance, as the result is, not grey.
    const last = (e: Progress[]) => e.filter((p) => p.preview).at(-1)!.preview!;
    for (const p of [last(events), last(deviceEvents)]) {
      expect(chroma(p)).toBeGreaterThan(0.5 * chroma(device.image));
      expect(Math.abs(chroma(p) / chroma(device.image) - 1)).toBeLessThan(0.15);
    }
  });

  it("at strength 0 gives back the content, resized, as the on-device run does", async () => {
    const a = await stylize(lite, { content, styles: [{ image: style }] }, { ...RUN, strength: 0, size: 120, memoryBudgetMB: BUDGET_MB });
    const b = await stylize(lite, { content, styles: [{ image: style }] }, { ...RUN, strength: 0, size: 120 });
    expect(diff(a.image, b.image).max).toBeLessThanOrEqual(1);
  });

  it("stops on a cancel in the middle of a host scale's tiles, leaving no tensor", { timeout: 600_000 }, async () => {
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const run = stylize(
      lite,
      { content, styles: [{ image: style }] },
      { ...RUN, memoryBudgetMB: BUDGET_MB },
      {
        signal: ac.signal,
        onProgress: (p) => p.scaleIndex === 1 && p.tileIndex === 2 && ac.abort(),
      },
    );
    await expect(run).rejects.toMatchObject({ code: "cancelled" });
    expect(tf.memory().numTensors).toBe(before);
  });
});

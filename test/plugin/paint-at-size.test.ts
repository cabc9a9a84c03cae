/**
 * A 1440 × 960 Figma frame painted at its own size, end to end with real parts but the GPU: the
 * real sandbox code over the emulated Figma API (test/emulation/figma), the panel's FigmaHost and run
 * sequence (runJob, with Auto size and one iteration a scale, as a test can afford), the engine on
 * wasm with the real lite weights, PNG bytes through the maintained codecs both ways. The run goes
 * 512 → 1024 → 1440 px with the fine scales in tiles, names each scale and tile as it goes, and
 * the frame gets one new 1440 × 960 layer, painted at that size, with no seam, removable with one
 * undo. (test/browser/figma-detail.test.ts runs the same frame in the real panel on WebGL:
 * `npm run test:detail`, too long for a software GPU in CI.)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stylize } from "../../src/engine/stylize";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { decodeImage, encodePng } from "../../src/node/image-io";
import { openSession } from "../../src/plugin/controller";
import type { LayerChoice } from "../../src/shared/layers";
import { AUTO_SIZE, DEFAULT_SETTINGS } from "../../src/shared/settings";
import { scaleWords } from "../../src/ui/run/progress-words";
import { runJob, type RunDeps } from "../../src/ui/run/run-job";
import { connectHost } from "../emulation/figma/connect-host";
import { createFigmaEmulation, installFigma } from "../emulation/figma/figma-api";
import { paintsOf, solidPng } from "../emulation/figma/nodes";
import { framePlan, framePng, H, seams, stylePng, W } from "../helpers/detail-frame";
import { liteRun } from "../helpers/lite-run";
import { REPO } from "../helpers/paths";

const SETTINGS = { ...DEFAULT_SETTINGS, size: AUTO_SIZE, iterations: 1, strength: 0.9, preset: "lite" as const };

let lite: VggWeights;
beforeAll(async () => {
  lite = (await liteRun()).lite;
});
afterAll(() => lite.dispose());

describe("a 1440 × 960 Figma frame, painted at its own size", () => {
  it("exports at 1440, paints 512 → 1024 → 1440 in tiles, names each, and places one 1440 × 960 layer with no seam", { timeout: 1_500_000 }, async () => {
    const emu = createFigmaEmulation();
    installFigma(emu);
    const frame = emu.add("FRAME", "Frame", { width: W, height: H });
    // The frame's pixels at its own size; the panel's thumbnail of it is a small export of its own.
    frame.exportOverride = async (s) => {
      const { width, height } = frame.exportSize(s);
      return width === W && height === H ? framePng() : solidPng(width, height);
    };
    const strokes = emu.add("RECTANGLE", "Strokes", { x: 1600, width: 256, height: 192 });
    strokes.exportOverride = async () => stylePng();
    openSession();
    emu.select(frame, strokes);
    const host = connectHost(emu, 60_000);
    const choice = await new Promise<LayerChoice>((ok) => host.watchLayers((c) => c.layers.length === 2 && ok(c)));

    const deps: RunDeps = {
      stylize,
      weights: async () => lite,
      decode: async (bytes, what) => decodeImage(bytes, what),
      encode: async (img) => new Uint8Array(encodePng(img)),
    };
    const lines: string[] = [];
    const t0 = performance.now();
    const job = await runJob(host, choice.layers, { contentIds: [frame.id], styleIds: [strokes.id] }, SETTINGS, deps, {
      signal: new AbortController().signal,
      onProgress: (p) => lines.at(-1) !== scaleWords(p) && lines.push(scaleWords(p)),
    });
    console.log(`1440 × 960 on wasm: ${((performance.now() - t0) / 1000).toFixed(0)} s; ${lines.join(" | ")}`);

    // The content exported at its own size, the style at its own 256 px (never enlarged); before them, the thumbnails.
    const sizes = (n: typeof frame) => n.exportCalls.map((c) => [c.width, c.height]);
    expect(sizes(frame).at(-1)).toEqual([W, H]);
    expect(sizes(strokes).at(-1)).toEqual([256, 192]);
    expect([...sizes(frame).slice(0, -1), ...sizes(strokes).slice(0, -1)].every(([w, h]) => Math.max(w, h) <= 96)).toBe(true);
    // The plan the run followed (the engine's own rule, on wasm's conv paths): 512, then 1024 and 1440 in tiles.
    const plan = framePlan(SETTINGS, "wasm");
    expect(plan.map((s) => [s.width, s.height])).toEqual([
      [512, 341],
      [1024, 683],
      [W, H],
    ]);
    expect(plan.slice(1).every((s) => s.tiles > 1)).toBe(true);
    for (const s of plan) {
      const name = `${s === plan[0] ? "Layout" : "Detail"} ${Math.max(s.width, s.height)} px`;
      expect(lines).toContain(s.tiles > 1 ? `${name} · tile ${s.tiles} of ${s.tiles}` : name);
    }

    // One new layer over the frame, its image the painted 1440 × 960 picture, in one undo step.
    expect(job.placedIds).toHaveLength(1);
    const placed = emu.allNodes().find((n) => n.id === job.placedIds[0])!;
    expect([placed.width, placed.height, placed.x, placed.y]).toEqual([W, H, frame.x, frame.y]);
    const fill = paintsOf(placed).find((p) => p.type === "IMAGE") as ImagePaint;
    const png = emu.images.get(fill.imageHash!)!;
    const image = decodeImage(png, "the placed image");
    expect([image.width, image.height]).toEqual([W, H]);
    mkdirSync(join(REPO, "test-artifacts"), { recursive: true });
    writeFileSync(join(REPO, "test-artifacts", "paint-at-size-1440x960.png"), png);
    const { borders, ratio } = seams(new Uint8Array(image.data), plan);
    for (const b of borders) {
      console.log(`${b.scale} px tile border ${b.axis} = ${b.position}: |∇I| ${b.gradient.toFixed(2)} against ${b.near.toFixed(2)} nearby`);
      expect(b.gradient).toBeLessThan(1.5 * b.near);
    }
    console.log(`the most elevated line's gradient is ${ratio.toFixed(2)}× its neighbours'`);
    expect(ratio).toBeLessThan(2.5);
    expect(emu.journal.commits).toBe(1);
    emu.undo();
    expect(emu.allNodes().map((n) => n.name)).toEqual(["Frame", "Strokes"]);
  });
});

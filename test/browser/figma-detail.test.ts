/**
 * dist/ui.html in Chromium (WebGL on SwiftShader), framed as Figma frames it, with a 1440 × 960
 * frame as the content: Auto paints at the layer's own size. The run goes coarse to fine (a
 * ≤ 512 px first scale, then detail scales at 1024 and 1440 px in tiles, one iteration each, as a test
 * can afford), the status line names each scale, and the placed image is 1440 × 960 with no seam.
 * On SwiftShader this takes longer than CI allows (`npm run test:detail`; CI runs it weekly);
 * test/plugin/paint-at-size.test.ts runs the same frame through the same sandbox, host and run
 * sequence with the engine on wasm, in every CI run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTO_SIZE, DEFAULT_SETTINGS } from "../../src/shared/settings";
import { framePlan, framePng, H, seams, stylePng, W } from "../helpers/detail-frame";
import { REPO } from "../helpers/paths";
import { openFigmaPanel, type FigmaPanel } from "./figma-harness-server";

// Auto at density 1 (the test browser's): 1440 px. One iteration at every scale (the fewest there are).
const SETTINGS = { ...DEFAULT_SETTINGS, size: AUTO_SIZE, iterations: 1, strength: 0.9, preset: "lite" as const };
const FRAME = { id: "2:1", name: "Frame", width: W, height: H };

// Runs only when asked (`npm run test:detail`): on SwiftShader (a CPU emulating the GPU) this run's
// ~4 TFLOP take 20–40 min, beyond CI's time; on a real GPU it is a minute or two.
describe.runIf(process.env.RESTYLE_DETAIL === "1")("Figma panel: a 1440 × 960 frame painted at its own size", () => {
  let panel: FigmaPanel;

  beforeAll(async () => {
    panel = await openFigmaPanel({
      viewport: { width: 340, height: 660 },
      settings: SETTINGS,
      layers: [
        { ...FRAME, src: "/layers/frame.png", png: framePng() },
        { id: "2:2", name: "Strokes", width: 256, height: 192, src: "/layers/strokes.png", png: stylePng() },
      ],
    });
  });

  afterAll(async () => {
    await panel?.close();
  });

  it("exports at 1440, names each scale while it runs, and places a 1440 × 960 image with no seam", { timeout: 3_600_000 }, async () => {
    const { page, ui } = panel;
    await ui.evaluate(() => {
      const lines: string[] = ((window as unknown as { lines: string[] }).lines = []);
      new MutationObserver(() => {
        const t = document.querySelector('[data-status="line"]')?.textContent ?? "";
        if (t && lines.at(-1) !== t) lines.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    expect(await ui.locator('select[name="size"] option:checked').textContent()).toBe(`Auto · ${W} px`);
    const t0 = Date.now();
    await ui.getByRole("button", { name: "Run" }).click();
    await ui.waitForFunction(() => ["done", "error", "cancelled"].includes(document.querySelector("main")?.dataset.state ?? ""), undefined, {
      timeout: 3_500_000,
      polling: 500,
    });
    console.log(`1440 × 960 run: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const state = await ui.locator("main").getAttribute("data-state");
    expect(state, (await ui.locator(".message").allTextContents()).join(" ")).toBe("done");

    const exportsAsked = await page.evaluate(() => (window as unknown as { exports: unknown[] }).exports);
    // The content at its own size; the style at its own 256 px (never upsampled).
    expect(exportsAsked).toEqual([
      { id: "2:1", maxSide: W },
      { id: "2:2", maxSide: 256 },
    ]);
    const lines = await ui.evaluate(() => (window as unknown as { lines: string[] }).lines);
    // The plan paints at the frame's own size: 512, then detail at 1024 and 1440 px, each in tiles at the default budget.
    const plan = framePlan(SETTINGS, "webgl");
    console.log(`plan: ${plan.map((s) => `${s.width}×${s.height} ${s.iterations} it, ${s.cols}×${s.rows} tiles, ${s.optimizer}`).join("; ")}`);
    expect(plan.map((s) => [s.width, s.height])).toEqual([
      [512, 341],
      [1024, 683],
      [W, H],
    ]);
    expect(plan.slice(1).every((s) => s.tiles > 1)).toBe(true);
    console.log(`status lines: ${lines.join(" | ")}`);
    for (const s of plan) {
      const name = `${s === plan[0] ? "Layout" : "Detail"} ${Math.max(s.width, s.height)} px`;
      expect(lines.some((l) => l.includes(s.tiles > 1 ? `${name} · tile ${s.tiles} of ${s.tiles}` : name))).toBe(true);
    }

    const placed = await page.evaluate(() =>
      (window as unknown as { placed: Array<{ png: Uint8Array; width: number; height: number }> }).placed.map((p) => ({
        png: Array.from(p.png),
        width: p.width,
        height: p.height,
      })),
    );
    expect(placed).toHaveLength(1);
    const png = PNG.sync.read(Buffer.from(placed[0].png));
    expect([png.width, png.height, placed[0].width, placed[0].height]).toEqual([W, H, W, H]);
    mkdirSync(join(REPO, "test-artifacts"), { recursive: true });
    writeFileSync(join(REPO, "test-artifacts", "figma-detail-1440x960.png"), Buffer.from(placed[0].png));
    const { borders, ratio } = seams(new Uint8Array(png.data), plan);
    for (const b of borders) {
      console.log(`${b.scale} px tile border ${b.axis} = ${b.position}: |∇I| ${b.gradient.toFixed(2)} against ${b.near.toFixed(2)} nearby`);
      expect(b.gradient).toBeLessThan(1.5 * b.near);
    }
    console.log(`1440 × 960: the most elevated line's gradient is ${ratio.toFixed(2)}× its neighbours'`);
    expect(ratio).toBeLessThan(2.5);
  });
});

/**
 * dist/ui.html in real Chromium (WebGL on SwiftShader), framed by a page that plays the Figma
 * sandbox with the shared fixture PNGs: Run → progress → a PNG placed back at the right size whose
 * style statistics moved toward the style; then a strength change updates the same layer from the
 * result. Screenshots of the panel in Figma's light and dark themes go to test-artifacts/.
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RgbaImage } from "../../src/engine/types";
import { ARTIFACTS, IMAGES, REPO } from "../helpers/paths";
import { FIGMA_THEMES, HARNESS_PATH } from "./figma-harness";
import { CONTENT, openFigmaPanel, STYLE, type FigmaPanel } from "./figma-harness-server";
import { gramDistance, loadLiteWeights } from "./gram-distance";
import { setSteps } from "./panel-steps";

const LITE = join(REPO, "weights/lite");

function decode(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** Nearest-neighbour downscale, enough to compare the 64 px content with a 32 px result. */
function shrink(img: RgbaImage, w: number, h: number): RgbaImage {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = Math.floor(((x + 0.5) * img.width) / w);
      const sy = Math.floor(((y + 0.5) * img.height) / h);
      out.set(img.data.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4), (y * w + x) * 4);
    }
  return { width: w, height: h, data: out };
}

/**
 * Keeps every WebGL context a frame or worker creates (tfjs uses an OffscreenCanvas) so a test can
 * lose them. Also evaluated in the engine worker, hence globalThis and no bare HTMLCanvasElement.
 */
const CAPTURE_GL = `(() => {
  const kept = (globalThis.__gl = []);
  for (const C of [globalThis.HTMLCanvasElement, globalThis.OffscreenCanvas].filter(Boolean)) {
    const get = C.prototype.getContext;
    C.prototype.getContext = function (type, ...rest) {
      const ctx = get.call(this, type, ...rest);
      if (ctx && /webgl/.test(type)) kept.push(ctx);
      return ctx;
    };
  }
})();`;

/** No WebGL at all, as on a machine with a blocklisted GPU (on the page and in the engine worker). */
const NO_WEBGL = `(() => {
  for (const C of [globalThis.HTMLCanvasElement, globalThis.OffscreenCanvas].filter(Boolean)) {
    const get = C.prototype.getContext;
    C.prototype.getContext = function (type, ...rest) {
      return /webgl/.test(type) ? null : get.call(this, type, ...rest);
    };
  }
})();`;

/** Waits until the optimisation has reported at least `n` iterations. */
async function waitForIteration(ui: Frame, n: number): Promise<void> {
  await ui.waitForFunction((k) => Number(document.querySelector("progress")?.dataset.iteration ?? 0) >= k, n, { timeout: 120_000, polling: 100 });
}

interface Placed {
  contentId: string;
  styleIds: string[];
  png: number[];
  width: number;
  height: number;
  name: string;
  params: Record<string, unknown>;
  replaceId?: string;
}

async function placed(page: Page): Promise<Placed[]> {
  return page.evaluate(() =>
    (window as unknown as { placed: Array<Record<string, unknown> & { png: Uint8Array }> }).placed.map((p) => ({ ...p, png: Array.from(p.png) })),
  ) as Promise<Placed[]>;
}

/** Waits until the panel leaves the running state; fails with the panel's own words on error. */
async function waitForRun(ui: Frame, timeout: number): Promise<void> {
  await ui.waitForFunction(
    () => {
      const s = document.querySelector("main")?.dataset.state;
      return s === "done" || s === "error" || s === "cancelled";
    },
    undefined,
    { timeout, polling: 250 },
  );
  const state = await ui.locator("main").getAttribute("data-state");
  if (state !== "done") throw new Error(`run ended ${state}: ${await ui.locator(".message").allTextContents()}`);
}

describe("Figma panel in Chromium", () => {
  let panel: FigmaPanel;
  let page: Page;
  let ui: Frame;

  beforeAll(async () => {
    panel = await openFigmaPanel({
      viewport: { width: 340, height: 660 },
      waitLayers: false,
      beforeGoto: async (p) => {
        await p.addInitScript(CAPTURE_GL);
        // The engine worker starts with the panel, long before Run: patched before tfjs asks for a context.
        p.on("worker", (w) => void w.evaluate(CAPTURE_GL).catch(() => undefined));
      },
    });
    ({ page, ui } = panel);
  });

  afterAll(async () => {
    await panel?.close();
  });

  it("shows the layers with their roles and screenshots light and dark", async () => {
    await ui.locator(".layer").nth(1).waitFor({ timeout: 20_000 });
    expect(await ui.locator(".layer").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.role, e.querySelector(".name")?.textContent]))).toEqual([
      ["content", "Photo"],
      ["style", "Starry"],
    ]);
    // Thumbnails are the PNG bytes the sandbox sent, decoded by the browser.
    await ui.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".thumb img")].every((i) => i.complete && i.naturalWidth > 0));
    expect(
      await ui.locator(".thumb img").evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight])),
    ).toEqual([
      [64, 64],
      [32, 48],
    ]);
    mkdirSync(ARTIFACTS, { recursive: true });
    const bg: string[] = [];
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate(([n, v]) => (window as unknown as { setTheme: (n: string, v: object) => void }).setTheme(n as string, v as object), [
        theme,
        FIGMA_THEMES[theme],
      ] as const);
      bg.push(await ui.evaluate(() => getComputedStyle(document.body).backgroundColor));
      await page.locator("#ui").screenshot({ path: join(ARTIFACTS, `figma-panel-${theme}.png`) });
    }
    expect(bg).toEqual(["rgb(255, 255, 255)", "rgb(44, 44, 44)"]);
  });

  it("runs on WebGL, reports progress and places a 32 px PNG that moved toward the style", async () => {
    // Record every iteration the progress bar shows (a run can outpace polling).
    await ui.evaluate(() => {
      const seen: number[] = ((window as unknown as { seen: number[] }).seen = []);
      new MutationObserver(() => {
        const p = document.querySelector("progress");
        const it = Number(p?.dataset.iteration ?? 0);
        if (it > 0 && seen.at(-1) !== it) seen.push(it);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const t0 = Date.now();
    await ui.getByRole("button", { name: "Run" }).click();
    await waitForRun(ui, 170_000);
    console.log(`first run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await page.locator("#ui").screenshot({ path: join(ARTIFACTS, "figma-panel-result-dark.png") });

    expect(await ui.evaluate(() => document.documentElement.dataset.backend)).toBe("webgl");
    expect(await ui.evaluate(() => document.documentElement.dataset.engine)).toBe("worker");
    const seen = await ui.evaluate(() => (window as unknown as { seen: number[] }).seen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBeGreaterThanOrEqual(1);

    const exportsAsked = await page.evaluate(() => (window as unknown as { exports: unknown[] }).exports);
    expect(exportsAsked).toEqual([
      { id: "1:2", maxSide: 32 },
      { id: "1:3", maxSide: 32 },
    ]);
    const log = await page.evaluate(() => (window as unknown as { log: Array<{ type: string; pngIsBytes?: boolean }> }).log);
    expect(log.filter((m) => m.type === "place").map((m) => m.pngIsBytes)).toEqual([true]); // bytes, never JSON

    const [first] = await placed(page);
    expect(first.name).toBe("Photo · Starry");
    expect([first.contentId, first.styleIds, first.replaceId]).toEqual(["1:2", ["1:3"], undefined]);
    const result = decode(new Uint8Array(first.png));
    expect([result.width, result.height, first.width, first.height]).toEqual([32, 32, 32, 32]);

    const weights = await loadLiteWeights(LITE);
    try {
      const style = decode(await readFile(join(IMAGES, STYLE)));
      const content = shrink(decode(await readFile(join(IMAGES, CONTENT))), 32, 32);
      const before = gramDistance(weights, content, style);
      const after = gramDistance(weights, result, style);
      console.log(`Gram distance to the style: content ${before.toExponential(3)} → result ${after.toExponential(3)}`);
      expect(after).toBeLessThan(before * 0.8);
    } finally {
      weights.dispose();
    }
  });

  it("a strength change re-runs from the result and replaces the same layer", async () => {
    await ui.locator('input[name="strength"]').evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = "0.3";
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await ui.waitForFunction(() => document.querySelector("main")?.dataset.state === "running", undefined, { timeout: 10_000 });
    await waitForRun(ui, 120_000);
    const all = await placed(page);
    expect(all).toHaveLength(2);
    expect(all[1].replaceId).toBe("9:1");
    // The record keeps the iterations as set (4), not the warm run's third of them, so recalling it re-runs a whole run.
    expect(all[1].params).toMatchObject({ strength: 0.3, warmStart: true, iterations: 4 });
    // No re-export for a warm start: the panel reused the pixels it already had.
    expect(await page.evaluate(() => (window as unknown as { exports: unknown[] }).exports.length)).toBe(2);
    const saved = await page.evaluate(() => (window as unknown as { saved: Array<{ strength: number }> }).saved);
    expect(saved.at(-1)?.strength).toBe(0.3);
  });

  it("cancel mid-run: nothing placed, the panel says so", async () => {
    const count = (await placed(page)).length;
    await setSteps(ui, 300);
    await ui.getByRole("button", { name: "Run" }).click();
    await waitForIteration(ui, 2);
    await ui.getByRole("button", { name: "Cancel" }).click();
    await ui.waitForFunction(() => document.querySelector("main")?.dataset.state === "cancelled", undefined, { timeout: 30_000 });
    expect(await ui.locator(".message").last().textContent()).toBe("Cancelled. Nothing was added to the document.");
    await page.waitForTimeout(500);
    expect(await placed(page)).toHaveLength(count);
  });

  it("WebGL context lost mid-run: a plain message, nothing placed, and the next run works again", async () => {
    const count = (await placed(page)).length;
    await ui.getByRole("button", { name: "Run" }).click();
    await waitForIteration(ui, 1);
    const loseAll = () => {
      const kept = (globalThis as unknown as { __gl?: WebGLRenderingContext[] }).__gl ?? [];
      kept.forEach((gl) => gl.getExtension("WEBGL_lose_context")?.loseContext());
      return kept.length;
    };
    // Wherever the engine runs: the panel's frame, or its worker.
    const counts = await Promise.all([ui.evaluate(loseAll), ...page.workers().map((w) => w.evaluate(loseAll))]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await ui.waitForFunction(() => document.querySelector("main")?.dataset.state === "error", undefined, { timeout: 30_000 });
    expect(await ui.locator(".message.error").textContent()).toMatch(/^The graphics card reset during the run\. Press Run to try again/);
    expect(await placed(page)).toHaveLength(count);

    await setSteps(ui, 1);
    const t0 = Date.now();
    await ui.getByRole("button", { name: "Run" }).click();
    await waitForRun(ui, 150_000);
    console.log(`run after context loss: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(await ui.evaluate(() => document.documentElement.dataset.backend)).toBe("webgl");
    const all = await placed(page);
    expect(all).toHaveLength(count + 1);
    expect(decode(new Uint8Array(all.at(-1)!.png)).width).toBe(32);
  });

  it("without WebGL: runs on the CPU and says it will be slow", async () => {
    const p2 = await panel.browser.context.newPage();
    try {
      await p2.addInitScript(NO_WEBGL);
      const workerPatched = new Promise<void>((ok) =>
        p2.on(
          "worker",
          (w) =>
            void w.evaluate(NO_WEBGL).then(
              () => ok(),
              () => ok(),
            ),
        ),
      );
      await p2.goto(panel.server.url + HARNESS_PATH.slice(1));
      const ui2 = p2.frame({ url: /ui\.html$/ })!;
      await ui2.locator(".layer").nth(1).waitFor({ timeout: 20_000 });
      await setSteps(ui2, 1);
      await workerPatched;
      await ui2.getByRole("button", { name: "Run" }).click();
      await waitForRun(ui2, 120_000);
      expect(await ui2.evaluate(() => document.documentElement.dataset.backend)).toBe("cpu");
      // No WebGL on the page either, so the CPU runs in the worker: slow, but the panel stays responsive.
      expect(await ui2.evaluate(() => document.documentElement.dataset.engine)).toBe("worker");
      expect(await ui2.locator(".message.warn").textContent()).toMatch(/^WebGL is not available in this browser, so Restyle runs on the CPU/);
      const [r] = await placed(p2);
      expect([r.width, r.height]).toEqual([32, 32]);
      await ui2.locator("main").screenshot({ path: join(ARTIFACTS, "figma-panel-cpu-result.png") });
    } finally {
      await p2.close();
    }
  });
});

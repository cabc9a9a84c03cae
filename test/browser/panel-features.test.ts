/**
 * The shared panel's newer parts in real Chromium (dist/ui.html framed by the Figma harness, lite
 * weights, 32 px, a few iterations): built-in styles (thumbnails decode; a painting alone is a
 * style, never exported), review before placing with the compare toggle showing the original's
 * own pixels, Enter and Escape, a batch placed as one step and a batch cancelled half-way
 * (nothing placed, the finished result offered), recall (parameters shown and applied, Update
 * replaces in its mode, a deleted content named and Update disabled), the place-mode choice,
 * and the layout at 320 px with five layers. Screenshots of each state, light and dark, go to
 * test-artifacts/panel-*.png.
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GALLERY } from "../../src/gallery";
import { parseResultParams } from "../../src/shared/result-params";
import { ARTIFACTS, IMAGES } from "../helpers/paths";
import { FIGMA_THEMES } from "./figma-harness";
import { CONTENT, openFigmaPanel, type FigmaPanel } from "./figma-harness-server";
import { setSteps } from "./panel-steps";

interface Placed {
  contentId: string;
  styleIds: string[];
  name: string;
  width: number;
  height: number;
  params: Record<string, unknown>;
  replaceId?: string;
  mode?: string;
}

type Win = {
  placed: Placed[];
  batches: Placed[][];
  exports: Array<{ id: string; maxSide: number }>;
  postChoice: (c: unknown) => Promise<void>;
  setTheme: (n: string, v: object) => void;
};

const PHOTO = { id: "1:2", name: "Photo", width: 64, height: 64 };
const STARRY = { id: "1:3", name: "Starry", width: 32, height: 48 };
const STARRY_SLUG = "starry-night";

describe("panel features in Chromium", () => {
  let panel: FigmaPanel;
  let page: Page;
  let ui: Frame;

  const placed = () => page.evaluate(() => (window as unknown as Win).placed.map(({ png: _, ...r }: Placed & { png?: unknown }) => r));
  const batches = () => page.evaluate(() => (window as unknown as Win).batches.map((b) => b.map(({ png: _, ...r }: Placed & { png?: unknown }) => r)));
  const exportsAsked = () => page.evaluate(() => (window as unknown as Win).exports);
  const post = (choice: unknown) => page.evaluate((c) => (window as unknown as Win).postChoice(c), choice);
  const state = () => ui.locator("main").getAttribute("data-state");
  const waitState = (...want: string[]) =>
    ui.waitForFunction((w) => w.includes(document.querySelector("main")?.dataset.state ?? ""), want, { timeout: 120_000, polling: 100 });

  /** Both themes, as Figma applies them (class on <html> + the variables), then back to light. */
  async function shots(name: string, target: "frame" | "main" = "frame"): Promise<void> {
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate(([n, v]) => (window as unknown as Win).setTheme(n as string, v as object), [theme, FIGMA_THEMES[theme]] as const);
      const el = target === "frame" ? page.locator("#ui") : ui.locator("main");
      await el.screenshot({ path: join(ARTIFACTS, `panel-${name}-${theme}.png`) });
    }
    await page.evaluate(([n, v]) => (window as unknown as Win).setTheme(n as string, v as object), ["light", FIGMA_THEMES.light] as const);
  }

  /** What sticks out of the 320 px panel sideways (nothing should). */
  const overflow = () =>
    ui.evaluate(() => {
      const main = document.querySelector("main")!.getBoundingClientRect();
      const bad = [...document.querySelectorAll("main *")].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > main.right + 0.5 || r.left < main.left - 0.5);
      });
      return { scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, bad: bad.map((e) => e.className || e.tagName) };
    });

  /** Presses Enter with the focus on the strength slider (a control that has no Enter of its own). */
  async function enter(): Promise<void> {
    await ui.locator('input[name="strength"]').focus();
    await page.keyboard.press("Enter");
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    panel = await openFigmaPanel({ settings: { iterations: 1 }, viewport: { width: 340, height: 1400 }, frameHeight: 1380 });
    ({ page, ui } = panel);
  }, 60_000);

  afterAll(async () => {
    await panel?.close();
  });

  it("built-in styles: every thumbnail decodes; one layer and a painting picked by keyboard are enough to run", async () => {
    await post({ layers: [PHOTO], contentId: PHOTO.id, styleIds: [], problem: null });
    await ui.locator('[data-hint="no-style"]').waitFor();
    expect(await ui.getByRole("button", { name: "Run" }).isDisabled()).toBe(true);
    await ui.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".tile img")].every((i) => i.complete && i.naturalWidth > 0));
    const sizes = await ui
      .locator(".tile img")
      .evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]));
    expect(sizes).toEqual(GALLERY.map((g) => [g.width, g.height]));
    await shots("gallery");

    const tile = ui.locator(`.tile[data-slug="${STARRY_SLUG}"]`);
    await tile.focus();
    // The focus ring is visible for the keyboard.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await ui.evaluate(() => document.activeElement?.matches(":focus-visible") && getComputedStyle(document.activeElement).outlineStyle)).toBe("solid");
    await page.keyboard.press("Space");
    expect(await tile.getAttribute("aria-pressed")).toBe("true");
    expect(await ui.locator(".layer.built-in .name").textContent()).toBe(GALLERY.find((g) => g.slug === STARRY_SLUG)!.title);
    await page.keyboard.press("Enter"); // on the tile: Enter is the button's own, it toggles back
    expect(await tile.getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Enter");
    expect(await tile.getAttribute("aria-pressed")).toBe("true");
    expect(await ui.getByRole("button", { name: "Run" }).isDisabled()).toBe(false);
    expect(await overflow()).toEqual({ scroll: 0, bad: [] });
    await shots("gallery-picked");
  });

  it("review before placing: Enter runs, the result waits; the compare toggle shows the original's pixels; Place adds it", async () => {
    await ui.locator('input[name="reviewFirst"]').check();
    await enter();
    await waitState("review", "error");
    expect(await state()).toBe("review");
    expect(await placed()).toEqual([]);
    // The painting was never asked of the host: only the content was exported.
    expect((await exportsAsked()).map((e) => e.id)).toEqual([PHOTO.id]);
    await shots("review");

    const canvas = ui.locator(".review canvas");
    const pixels = () =>
      canvas.evaluate((c) => {
        const cv = c as HTMLCanvasElement;
        return { w: cv.width, h: cv.height, data: Array.from(cv.getContext("2d")!.getImageData(0, 0, cv.width, cv.height).data) };
      });
    const result = await pixels();
    expect([result.w, result.h]).toEqual([32, 32]);
    await ui.getByRole("button", { name: "Show original" }).click();
    expect(await ui.locator(".review .compare").getAttribute("data-showing")).toBe("original");
    const original = await pixels();
    const png = PNG.sync.read(await readFile(join(IMAGES, CONTENT)));
    expect([original.w, original.h]).toEqual([png.width, png.height]);
    let maxDiff = 0;
    for (let i = 0; i < png.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(png.data[i] - original.data[i]));
    expect(maxDiff).toBeLessThanOrEqual(1);
    await shots("review-original");
    await ui.getByRole("button", { name: "Show result" }).click();
    expect(await ui.locator(".review .compare").getAttribute("data-showing")).toBe("result");
    // Press and hold shows the original too, only while held.
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    expect(await ui.locator(".review .compare").getAttribute("data-showing")).toBe("original");
    await page.mouse.up();
    expect(await ui.locator(".review .compare").getAttribute("data-showing")).toBe("result");

    await ui.getByRole("button", { name: "Place", exact: true }).click();
    await waitState("done", "error");
    const [r] = await placed();
    expect(r).toMatchObject({
      contentId: PHOTO.id,
      styleIds: [`gallery:${STARRY_SLUG}`],
      name: `Photo · ${GALLERY.find((g) => g.slug === STARRY_SLUG)!.title}`,
      width: 32,
      height: 32,
      mode: "layer",
    });
    expect(parseResultParams(r.params)).toEqual(r.params);
    expect(r.params).toMatchObject({ seed: 42, contentName: "Photo", styleNames: [GALLERY.find((g) => g.slug === STARRY_SLUG)!.title], iterations: 1 });
    await shots("placed");
  });

  it("Escape cancels a run (nothing placed) and discards a result under review", async () => {
    await setSteps(ui, 300);
    await enter();
    await waitState("running");
    // The large live preview is up (the engine sends one every few iterations) before Escape.
    await ui.locator('[data-state="running"] .status canvas.preview:not(.empty)').waitFor({ timeout: 60_000 });
    await shots("running");
    await page.keyboard.press("Escape");
    await waitState("cancelled");
    expect(await ui.locator(".message").last().textContent()).toBe("Cancelled. Nothing was added to the document.");
    expect(await placed()).toHaveLength(1);
  });

  it("a batch: two contents, one placeResults step; cancelled half-way nothing is placed and the finished one is offered", async () => {
    await ui.locator('input[name="reviewFirst"]').uncheck();
    await setSteps(ui, 1);
    // The painting picked above stays picked for the new selection: the batch's one style (its shapes are compiled already).
    await post({
      layers: [PHOTO, { id: "1:4", name: "Photo 2", width: 64, height: 64, like: PHOTO.id }],
      contentId: PHOTO.id,
      styleIds: ["1:4"],
      problem: null,
    });
    await ui.locator('.layer[data-id="1:4"] .role-toggle button', { hasText: "Content" }).click();
    const tile = ui.locator(`.tile[data-slug="${STARRY_SLUG}"]`);
    if ((await tile.getAttribute("aria-pressed")) !== "true") await tile.click(); // when run alone
    expect(await ui.locator(".layer").evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.role, (e as HTMLElement).dataset.id]))).toEqual([
      ["content", PHOTO.id],
      ["content", "1:4"],
      ["style", `gallery:${STARRY_SLUG}`],
    ]);
    await ui.evaluate(() => {
      const seen: string[] = ((window as unknown as { lines: string[] }).lines = []);
      new MutationObserver(() => {
        const t = document.querySelector('[data-status="line"]')?.textContent ?? "";
        const m = /^Layer \d of \d/.exec(t);
        if (m && seen.at(-1) !== m[0]) seen.push(m[0]);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const t0 = Date.now();
    await ui.getByRole("button", { name: "Run 2 layers" }).click();
    await waitState("done", "error");
    console.log(`batch of 2: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(await ui.evaluate(() => (window as unknown as { lines: string[] }).lines)).toEqual(["Layer 1 of 2", "Layer 2 of 2"]);
    const [batch] = await batches();
    const painting = GALLERY.find((g) => g.slug === STARRY_SLUG)!.title;
    expect(batch.map((r) => [r.contentId, r.styleIds, r.name])).toEqual([
      [PHOTO.id, [`gallery:${STARRY_SLUG}`], `Photo · ${painting}`],
      ["1:4", [`gallery:${STARRY_SLUG}`], `Photo 2 · ${painting}`],
    ]);
    expect(await ui.locator(".message.done").textContent()).toMatch(/^Added 2 results in [\d.]+ s; one undo removes them all\.$/);

    // Cancelled during the second layer (its export held until the cancel): the first result is kept, nothing is placed.
    const before = [(await placed()).length, (await batches()).length];
    await page.evaluate(() => ((window as unknown as { hold: { id: string } }).hold = { id: "1:4" }));
    await ui.getByRole("button", { name: "Run 2 layers" }).click();
    await ui.waitForFunction(() => /^Layer 2 of 2/.test(document.querySelector('[data-status="line"]')?.textContent ?? ""), undefined, {
      timeout: 60_000,
      polling: 50,
    });
    await page.waitForFunction(() => !!(window as unknown as { hold: { release?: () => void } }).hold.release, undefined, { timeout: 60_000, polling: 50 });
    await shots("batch-running");
    await ui.getByRole("button", { name: "Cancel" }).click();
    await page.evaluate(() => (window as unknown as { hold: { release: () => void } }).hold.release());
    await waitState("review");
    console.log(`cancelled batch: ${((Date.now() - t0) / 1000).toFixed(1)} s since the first`);
    expect(await ui.locator(".review .message").textContent()).toBe(
      "Cancelled after 1 of 2 layers. Nothing was added to the document: place the finished result, or discard it.",
    );
    expect(await ui.getByRole("button", { name: "Place 1 finished" }).isVisible()).toBe(true);
    expect([(await placed()).length, (await batches()).length]).toEqual(before);
    await shots("batch-cancelled");
    await page.keyboard.press("Escape");
    await waitState("cancelled");
    expect(await ui.locator(".message").last().textContent()).toBe("Discarded. Nothing was added to the document.");
    expect([(await placed()).length, (await batches()).length]).toEqual(before);
  });

  it("recall: parameters shown and applied, Update replaces the result as a fill; a deleted content is named and Update disabled", async () => {
    await setSteps(ui, 1);
    const painting = GALLERY.find((g) => g.slug === STARRY_SLUG)!.title;
    const params = {
      strength: 0.35,
      preset: "lite",
      size: 32,
      iterations: 1,
      preserveColors: true,
      styleScale: 1,
      styleWeights: [1],
      seed: 42,
      contentName: "Photo",
      styleNames: [painting],
      workingSize: 32,
      backend: "webgl",
      warmStart: false,
    };
    await post({
      layers: [PHOTO],
      contentId: PHOTO.id,
      styleIds: [`gallery:${STARRY_SLUG}`],
      problem: null,
      resultId: "9:77",
      recall: { params, mode: "fill", contentGone: false, goneStyles: [] },
    });
    await ui.getByRole("button", { name: "Update result" }).waitFor();
    expect(await ui.locator('input[name="strength"]').inputValue()).toBe("0.35");
    expect(await ui.locator('input[name="preserveColors"]').isChecked()).toBe(true);
    expect(await ui.locator(".recall-params").textContent()).toContain("Seed42");
    expect(await overflow()).toEqual({ scroll: 0, bad: [] });
    await shots("recall");
    await ui.getByRole("button", { name: "Update result" }).click();
    await waitState("done", "error");
    const last = (await placed()).at(-1)!;
    expect(last).toMatchObject({
      replaceId: "9:77",
      mode: "fill",
      contentId: PHOTO.id,
      params: { strength: 0.35, preserveColors: true, styleScale: 1, iterations: 1 },
    });

    await post({
      layers: [],
      contentId: null,
      styleIds: [`gallery:${STARRY_SLUG}`],
      problem: "“Photo”, the layer this result was made from, was deleted: its settings are shown, but it can’t be updated.",
      resultId: "9:78",
      recall: { params, mode: "layer", contentGone: true, goneStyles: [] },
    });
    await ui.locator("[data-missing]").waitFor();
    expect(await ui.locator("[data-missing]").textContent()).toBe("The content layer “Photo” was deleted, so this result cannot be updated.");
    expect(await ui.getByRole("button", { name: "Update result" }).isDisabled()).toBe(true);
    expect(await ui.locator(".message.done").count()).toBe(0); // the last run's news is not about this result
    await shots("recall-missing");
  });

  it("place mode, and five layers at 320 px with nothing cut off", async () => {
    const five = [
      { ...PHOTO, name: "Hero photo with a rather long layer name" },
      { id: "1:5", name: "Card", width: 64, height: 64, like: PHOTO.id, noFill: "a group has no fills of its own." },
      { id: "1:6", name: "Banner", width: 64, height: 64, like: PHOTO.id },
      { ...STARRY },
      { id: "1:7", name: "Texture", width: 32, height: 48, like: STARRY.id },
    ];
    await post({
      layers: five,
      contentId: PHOTO.id,
      styleIds: ["1:5", "1:6", STARRY.id],
      problem: null,
      note: "1 of the selected layers have no role yet: make them contents to restyle them too.",
    });
    await ui.locator('.layer[data-id="1:7"]').waitFor();
    await ui.locator('.layer[data-id="1:5"] .role-toggle button', { hasText: "Content" }).click();
    await ui.locator(".place-mode label", { hasText: "Fill on the layer" }).click();
    expect(await ui.locator('[data-nofill="1:5"]').textContent()).toBe("“Card” gets a new layer instead: a group has no fills of its own.");
    expect(await overflow()).toEqual({ scroll: 0, bad: [] });
    await shots("five-layers");
  });
});

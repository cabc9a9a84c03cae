/**
 * The standalone page in every phase (empty, chosen, running with the live preview, done), wide
 * (1280×800) and narrow (390×844), light and dark: screenshots in test-artifacts/page/. And the checks,
 * with numbers: the run shows in the Result column within 5 s of the click on Run (its picture and
 * progress), then the live preview replaces the picture there; a built-in painting picked in the
 * panel shows in the Style column (name and thumbnail); the result shows once on the page; on a
 * narrow screen the order is content, style, built-ins, Run, result; the result's name is whole.
 * The latencies measured go to test-artifacts/page/latency.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../src/cli/app-server";
import { launchChromium, type Launched } from "../helpers/chromium";
import { ARTIFACTS, IMAGES, REPO } from "../helpers/paths";
import { armRunClock, boxes, runClock, shoot, type RunTimes } from "./app-page-helpers";

const SHOTS = join(ARTIFACTS, "page");
// A long file name: the result's name ("<content> · <style>") must still show whole on a phone.
const CONTENT_NAME = "holiday-photo-from-the-camera-roll-2026-12-06-tuebingen-riverside";
const CONTENT = { name: `${CONTENT_NAME}.png`, mimeType: "image/png", buffer: readFileSync(join(IMAGES, "fixture_content_64x64.png")) };
const PAINTING = { slug: "starry-night", title: "The Starry Night" };
const RESULT_NAME = `${CONTENT_NAME} · ${PAINTING.title}`;
// 32 px, lite. A run long enough to be seen running (the engine sends a preview every 5 iterations) and cancelled; a short one to finish.
const LONG_RUN = { size: 32, iterations: 30, strength: 1 };
const SHORT_RUN = { size: 32, iterations: 3, strength: 1 };
const VIEWPORTS = { wide: { width: 1280, height: 800 }, narrow: { width: 390, height: 844 } } as const;
type Width = keyof typeof VIEWPORTS;

let server: AppServer;
let browser: Launched;
const latency: Record<string, RunTimes> = {};

beforeAll(async () => {
  if (!existsSync(join(REPO, "dist/app/index.html")))
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "app"], { cwd: REPO, stdio: "inherit" });
  mkdirSync(SHOTS, { recursive: true });
  server = await startAppServer({ distDir: join(REPO, "dist") });
  browser = await launchChromium();
});

afterAll(async () => {
  writeFileSync(join(SHOTS, "latency.json"), `${JSON.stringify(latency, null, 2)}\n`);
  await browser?.close();
  await server?.close();
});

async function openPage(width: Width, settings: typeof LONG_RUN): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => console.warn("page error:", e.message));
  await page.addInitScript((s) => localStorage.setItem("restyle.settings.v1", JSON.stringify(s)), settings);
  await page.setViewportSize(VIEWPORTS[width]);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(server.url);
  await page.waitForSelector("main.restyle");
  return page;
}

/** A content file and a built-in painting picked in the panel, and Run ready. */
async function choose(page: Page): Promise<void> {
  await page.setInputFiles("#content-file", CONTENT);
  await page.click(`.gallery .tile[data-slug="${PAINTING.slug}"]`);
  await page.locator(".actions button.primary:not([disabled])").waitFor({ timeout: 30_000 });
}

const RUN_VIEW = 'section[data-role="result"] .run-view';

describe.each(["wide", "narrow"] as const)("the standalone page, %s", (width) => {
  it("shows the chosen painting in the Style column and the run in the Result column from the click on", async () => {
    const page = await openPage(width, LONG_RUN);
    // The favicon is inline: no request for /favicon.ico.
    expect(await page.getAttribute('link[rel="icon"]', "href")).toMatch(/^data:image\/svg\+xml;base64,/);
    await shoot(page, SHOTS, "empty", width);

    await choose(page);
    const style = page.locator('section[data-role="style"]');
    const pick = style.locator(`li.built-in[data-slug="${PAINTING.slug}"]`);
    expect(await pick.locator(".pick-name").textContent()).toBe(PAINTING.title);
    const thumb = pick.locator("img");
    await expect.poll(() => thumb.evaluate((e) => (e as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await thumb.getAttribute("alt")).toContain("Vincent van Gogh");
    expect(await style.locator(".drop-hint").count()).toBe(0);
    await shoot(page, SHOTS, "chosen", width);

    await armRunClock(page, RUN_VIEW);
    await page.click(".actions button.primary");
    // From the click: the picture being painted (the content's pixels, where the run starts) and the progress, then the live preview.
    await page.locator(`${RUN_VIEW}[data-preview="live"]`).waitFor({ timeout: 180_000 });
    const clock = await runClock(page);
    latency[width] = clock;
    console.log(
      `${width}: the run in the Result column ${clock.runShownMs} ms after Run, iteration 1 at ${clock.firstIterationMs} ms, the first live preview at ${clock.livePreviewMs} ms (iteration ${clock.liveIteration})`,
    );
    expect(clock.runShownMs).toBeLessThan(5000);
    const canvas = page.locator(`${RUN_VIEW} canvas`);
    // The whole picture at the size painted (64 px content, 32 px output), with a name for screen readers.
    expect(await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])).toEqual([32, 32]);
    expect(await canvas.getAttribute("role")).toBe("img");
    expect(await canvas.getAttribute("aria-label")).toMatch(new RegExp(`^Live preview of ${CONTENT_NAME}, at \\d+ of 30 steps$`));
    const words = page.locator(`${RUN_VIEW} .run-words`);
    expect(await words.getAttribute("aria-live")).toBe("polite");
    expect(await words.textContent()).toMatch(/^Restyling… \d+\/30$/);
    expect(await page.locator(`${RUN_VIEW} progress`).getAttribute("aria-label")).toBe("Progress of the run");
    // The panel shows no second copy: no preview, no progress of its own.
    expect(await page.locator("#panel canvas, #panel progress").count()).toBe(0);
    await shoot(page, SHOTS, "running", width);
    expect(await page.locator(RUN_VIEW).count()).toBe(1); // still running when shot

    await page.click(".actions button.secondary"); // Cancel
    await page.waitForSelector('main.restyle[data-state="cancelled"]');
    await expect.poll(() => page.locator(RUN_VIEW).count(), { timeout: 5000 }).toBe(0);
    expect(await page.locator('section[data-role="result"] .drop-hint').count()).toBe(1);
    await page.close();
  });

  it("shows the result once, its name whole, and on a narrow screen content, style, Run and result in that order", async () => {
    const page = await openPage(width, SHORT_RUN);
    await choose(page);
    await page.click(".actions button.primary");
    await page.waitForSelector('main.restyle[data-state="done"]', { timeout: 180_000 });
    const result = page.locator('section[data-role="result"] li.result');
    await result.locator("img.ba-after").waitFor();
    // Once: one result card, and no other picture of it (no preview left running, nothing in the panel).
    expect(await page.locator("li.result").count()).toBe(1);
    expect(await page.locator(".run-view, #panel canvas, #panel .compare").count()).toBe(0);
    const name = result.locator(".result-name");
    expect(await name.textContent()).toBe(RESULT_NAME);
    const fits = await name.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, title: e.getAttribute("title") }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    expect(fits.title).toBe(RESULT_NAME);
    const save = page.waitForEvent("download");
    await result.locator("button.download").click();
    expect((await save).suggestedFilename()).toBe(`${RESULT_NAME}.png`);
    await shoot(page, SHOTS, "done", width);

    if (width === "narrow") {
      const order = await boxes(page, [
        'section[data-role="content"]',
        'section[data-role="style"]',
        ".gallery",
        ".actions button.primary",
        'section[data-role="result"]',
      ]);
      for (let i = 1; i < order.length; i++) expect(order[i - 1].y + order[i - 1].height).toBeLessThanOrEqual(order[i].y);
      // One column, nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.narrow.width);
    }
    await page.close();
  });
});

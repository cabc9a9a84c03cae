/**
 * The standalone page's layout in headless Chromium, without a run: drop zones with previews of
 * what was picked or dropped (a real drop event too), content / style / result side by side on a
 * wide screen and stacked on a narrow one (content, style, panel, result), per-image clear, a batch of contents, keyboard picking;
 * screenshots light and dark, wide and narrow, in test-artifacts/.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../src/cli/app-server";
import { MAX_CONTENT_LAYERS } from "../../src/shared/layers";
import { launchChromium, type Launched } from "../helpers/chromium";
import { ARTIFACTS, IMAGES, REPO } from "../helpers/paths";
import { dropFiles, previews } from "./app-helpers";
import { boxes } from "./app-page-helpers";

const CONTENT = join(IMAGES, "fixture_content_64x64.png");
const STYLE = join(IMAGES, "fixture_style_32x48.png");
const PHOTO = join(IMAGES, "content_chelsea.jpg");
const PAINTINGS = [join(IMAGES, "style_starry_night.jpg"), join(IMAGES, "style_great_wave.jpg")];

let server: AppServer;
let browser: Launched;

beforeAll(async () => {
  if (!existsSync(join(REPO, "dist/app/index.html")))
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "app"], { cwd: REPO, stdio: "inherit" });
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startAppServer({ distDir: join(REPO, "dist") });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(width: number, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => console.warn("page error:", e.message));
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme });
  await page.goto(server.url);
  await page.waitForSelector("main.restyle");
  return page;
}

const box = async (page: Page, sel: string) => {
  const b = await page.locator(sel).boundingBox();
  if (!b) throw new Error(`${sel} is not laid out`);
  return b;
};

describe("standalone page layout", () => {
  it("puts content, style and result side by side beside the panel on a wide screen, with previews of what was picked", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const page = await openPage(1440, scheme);
      await page.screenshot({ path: join(ARTIFACTS, `app-empty-wide-${scheme}.png`), fullPage: true });
      const [c, s, r, panel] = [
        await box(page, 'section[data-role="content"]'),
        await box(page, 'section[data-role="style"]'),
        await box(page, 'section[data-role="result"]'),
        await box(page, "#panel"),
      ];
      // One row, left to right, each zone a large target; the panel to the right of all three.
      expect(Math.abs(c.y - s.y)).toBeLessThan(1);
      expect(Math.abs(c.y - r.y)).toBeLessThan(1);
      expect(c.x + c.width).toBeLessThanOrEqual(s.x);
      expect(s.x + s.width).toBeLessThanOrEqual(r.x);
      expect(r.x + r.width).toBeLessThanOrEqual(panel.x);
      expect(Math.min(c.width, c.height)).toBeGreaterThan(250);

      await page.setInputFiles("#content-file", PHOTO);
      await page.setInputFiles("#style-file", PAINTINGS);
      expect(await previews(page, "content")).toEqual([[512, 341]]);
      expect((await previews(page, "style")).length).toBe(2);
      // The panel lists them too: the page and the panel share one host.
      await page.waitForSelector('li[data-role="content"] >> text=content_chelsea');
      expect(await page.locator('section[data-role="style"] .pick-name').allTextContents()).toEqual(["style_starry_night", "style_great_wave"]);
      await page.screenshot({ path: join(ARTIFACTS, `app-picked-wide-${scheme}.png`), fullPage: true });
      await page.close();
    }
  });

  it("stacks content, style, the panel and the result on a narrow screen", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const page = await openPage(420, scheme);
      await page.setInputFiles("#content-file", PHOTO);
      await page.setInputFiles("#style-file", PAINTINGS[0]);
      await previews(page, "style");
      await page.waitForSelector('li[data-role="style"] >> text=style_starry_night');
      const [c, s, r, panel] = await boxes(page, ['section[data-role="content"]', 'section[data-role="style"]', 'section[data-role="result"]', "#panel"]);
      // The order of the work: content, style, the panel (built-ins, settings, Run), then the result.
      expect(c.y + c.height).toBeLessThanOrEqual(s.y);
      expect(s.y + s.height).toBeLessThanOrEqual(panel.y);
      expect(panel.y + panel.height).toBeLessThanOrEqual(r.y);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
      await page.screenshot({ path: join(ARTIFACTS, `app-picked-narrow-${scheme}.png`), fullPage: true });
      await page.close();
    }
  });

  it("takes dropped files, a batch of contents up to the limit, and clears one image at a time", async () => {
    const page = await openPage(1280);
    await dropFiles(page, 'section[data-role="content"]', [
      { name: "a.png", type: "image/png", path: CONTENT },
      { name: "b.jpg", type: "image/jpeg", path: PHOTO },
    ]);
    expect(await previews(page, "content")).toEqual([
      [64, 64],
      [512, 341],
    ]);
    await dropFiles(page, 'section[data-role="style"]', [{ name: "s.png", type: "image/png", path: STYLE }]);
    expect(await previews(page, "style")).toEqual([[32, 48]]);
    // Both contents are layers of the panel: one result each.
    await page.waitForSelector("li.layer >> text=b");
    await page.screenshot({ path: join(ARTIFACTS, "app-batch-wide-light.png"), fullPage: true });

    // A drop beside the zones is refused (the browser would otherwise open the file in place of the page).
    expect(
      await page.evaluate(() => {
        const e = new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: new DataTransfer() });
        document.querySelector(".page-head")!.dispatchEvent(e);
        return e.defaultPrevented;
      }),
    ).toBe(true);
    expect(await page.locator("section.drop .pick").count()).toBe(3);

    await page.click('button[aria-label="Remove a"]');
    expect(await previews(page, "content")).toEqual([[512, 341]]);
    await page.click('button[aria-label="Remove s"]');
    await expect.poll(() => page.locator('section[data-role="style"] .pick').count(), { timeout: 10_000 }).toBe(0);

    // More than the batch limit: the first MAX_CONTENT_LAYERS are taken, and the page says so.
    const many = Array.from({ length: MAX_CONTENT_LAYERS + 1 }, (_, i) => ({ name: `c${i}.png`, mimeType: "image/png", buffer: readFileSync(CONTENT) }));
    await page.setInputFiles("#content-file", many);
    await expect.poll(() => page.locator('section[data-role="content"] .pick').count(), { timeout: 60_000 }).toBe(MAX_CONTENT_LAYERS);
    await expect
      .poll(() => page.locator("p.notice").textContent(), { timeout: 10_000 })
      .toContain(`Only the first ${MAX_CONTENT_LAYERS} content images are used.`);
    await page.close();
  });

  it("opens the file picker from the keyboard", async () => {
    const page = await openPage(1280);
    const chooser = page.waitForEvent("filechooser");
    await page.focus('section[data-role="content"] button.drop-pick');
    await page.keyboard.press("Enter");
    const fc = await chooser;
    expect(fc.isMultiple()).toBe(true);
    await fc.setFiles(CONTENT);
    expect(await previews(page, "content")).toEqual([[64, 64]]);
    await page.close();
  });
});

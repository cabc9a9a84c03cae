/**
 * The standalone page end to end in headless Chromium, served by the same server as `npm run app`:
 * two files picked, Run, the result shown and downloaded as a PNG of the right size whose colours
 * moved toward the style;
 * and the bad files (not an image, 0 bytes, past the size bound) explained.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../src/cli/app-server";
import { launchChromium, type Launched } from "../helpers/chromium";
import { IMAGES, REPO } from "../helpers/paths";

const CONTENT = join(IMAGES, "fixture_content_64x64.png");
const STYLE = join(IMAGES, "fixture_style_32x48.png");
const SETTINGS = { size: 32, iterations: 8, strength: 1 };

let browser: Launched;
let server: AppServer;

beforeAll(async () => {
  if (!existsSync(join(REPO, "dist/app/index.html"))) execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "app"], { cwd: REPO, stdio: "inherit" });
  server = await startAppServer({ distDir: join(REPO, "dist") });
  browser = await launchChromium({ viewport: { width: 560, height: 900 } });
  await browser.context.addInitScript((s) => localStorage.setItem("restyle.settings.v1", JSON.stringify(s)), SETTINGS);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => console.warn("page error:", e.message));
  await page.goto(server.url);
  await page.waitForSelector("main.restyle");
  return page;
}

/** Per-channel mean and standard deviation of the opaque pixels: a cheap summary of "style" colour. */
function colourStats(png: PNG | { width: number; height: number; data: Uint8Array | Buffer }): number[] {
  const n = png.width * png.height;
  const out: number[] = [];
  for (let c = 0; c < 3; c++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = png.data[i * 4 + c];
      s += v;
      s2 += v * v;
    }
    const m = s / n;
    out.push(m, Math.sqrt(Math.max(0, s2 / n - m * m)));
  }
  return out;
}
const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]));

describe("standalone page", () => {
  it("runs on two picked files and downloads a PNG of the output size that moved toward the style", async () => {
    const page = await openPage();
    await page.setInputFiles("#content-file", CONTENT);
    await page.setInputFiles("#style-file", STYLE);
    await page.waitForSelector('li[data-role="content"] >> text=fixture_content_64x64');
    await page.waitForSelector('li[data-role="style"] >> text=fixture_style_32x48');
    await page.click("button.primary");
    // The result is shown on the page; its Download button saves it.
    await page.waitForSelector('section[data-role="result"] button.download', { timeout: 180_000 });
    const download = page.waitForEvent("download");
    await page.click('section[data-role="result"] button.download');
    const d = await download;
    expect(d.suggestedFilename()).toBe("fixture_content_64x64 · fixture_style_32x48.png");
    const file = await d.path();
    const png = PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(await page.getAttribute("main.restyle", "data-backend")).toBe("webgl");
    // The same engine bundle as in Figma, and a real origin: the first route, a data: URL worker, works here.
    expect(await page.evaluate(() => document.documentElement.dataset.route)).toBe("data-url-worker");
    await page.waitForSelector('main.restyle[data-state="done"]');

    const content = PNG.sync.read(readFileSync(CONTENT));
    const style = PNG.sync.read(readFileSync(STYLE));
    const before = dist(colourStats(content), colourStats(style));
    const after = dist(colourStats(png), colourStats(style));
    expect(after).toBeLessThan(before);
    await page.close();
  });

  it("explains a non-image, an empty file and an image past the size bound", async () => {
    const page = await openPage();
    const notice = page.locator("p.notice");
    await page.setInputFiles("#content-file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
    await expect.poll(() => notice.textContent()).toMatch(/“notes.txt” is not an image/);
    await page.setInputFiles("#content-file", { name: "empty.png", mimeType: "image/png", buffer: Buffer.alloc(0) });
    await expect.poll(() => notice.textContent()).toMatch(/“empty.png” is empty \(0 bytes\)/);
    const big = Buffer.from(readFileSync(CONTENT));
    big.writeUInt32BE(20000, 16); // IHDR width: refused from the header, before any decoding
    big.writeUInt32BE(20000, 20);
    await page.setInputFiles("#style-file", { name: "huge.png", mimeType: "image/png", buffer: big });
    await expect.poll(() => notice.textContent()).toMatch(/“huge.png” is too large \(20000×20000 px\)/);
    expect(await notice.getAttribute("data-error")).toBe("true");
    // Nothing was taken: the panel still asks for images and cannot run.
    expect(await page.locator("li.layer").count()).toBe(0);
    expect(await page.isDisabled("button.primary")).toBe(true);
    await page.close();
  });
});

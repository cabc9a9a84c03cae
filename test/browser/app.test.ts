/**
 * The standalone page end to end in headless Chromium, served by the same server as `npm run app`,
 * with one run (a batch of two contents, one style) that every check of the result shares:
 * the results appear with a before/after slider (at 0 the visible pixels are the content's, at 1
 * the result's), download as PNGs of the output size whose colours moved toward the style and that
 * carry their parameters (valid for pngjs and for Chromium's decoder); such a PNG dropped again as
 * the content brings the parameters back. And the bad files (not an image, 0 bytes, past the size
 * bound) explained. Screenshots of the result, light and dark, wide and narrow, in test-artifacts/.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../src/cli/app-server";
import { chunkTypes } from "../../src/kit/png-text";
import { readResultRecipe } from "../../src/shared/result-png";
import { launchChromium, type Launched } from "../helpers/chromium";
import { ARTIFACTS, IMAGES, REPO } from "../helpers/paths";
import { dropFiles } from "./app-helpers";

const CONTENT = join(IMAGES, "fixture_content_64x64.png");
const PHOTO = join(IMAGES, "content_chelsea.jpg");
const STYLE = join(IMAGES, "fixture_style_32x48.png");
// One scale (the default) of 20 iterations: enough at 32 px for a result that differs clearly from the content.
const SETTINGS = { size: 32, iterations: 20, strength: 1 };

let browser: Launched;
let server: AppServer;

beforeAll(async () => {
  if (!existsSync(join(REPO, "dist/app/index.html")))
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "app"], { cwd: REPO, stdio: "inherit" });
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startAppServer({ distDir: join(REPO, "dist") });
  browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
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

type Pixels = { width: number; height: number; data: Uint8Array | Buffer };

/** Per-channel mean and standard deviation of the opaque pixels: a cheap summary of "style" colour. */
function colourStats(png: Pixels): number[] {
  const n = png.width * png.height;
  const out: number[] = [];
  for (let c = 0; c < 3; c++) {
    let s = 0,
      s2 = 0;
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

/** Mean RGB of each cell of a 4×4 grid: compares pictures drawn at different sizes. */
function blockMeans(img: Pixels, grid = 4): number[] {
  const out: number[] = [];
  for (let gy = 0; gy < grid; gy++) {
    for (let gx = 0; gx < grid; gx++) {
      const [x0, x1] = [Math.floor((gx * img.width) / grid), Math.floor(((gx + 1) * img.width) / grid)];
      const [y0, y1] = [Math.floor((gy * img.height) / grid), Math.floor(((gy + 1) * img.height) / grid)];
      const sum = [0, 0, 0];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum[c] += img.data[(y * img.width + x) * 4 + c];
      const n = (x1 - x0) * (y1 - y0);
      out.push(...sum.map((s) => s / n));
    }
  }
  return out;
}
/** RMS difference of two block-mean vectors, in 0–255 units. */
const rms = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length);

describe("standalone page", () => {
  let page: Page;
  const downloads: Download[] = [];
  let first: PNG;
  let firstBytes: Buffer;

  it("runs a batch of two contents and shows each result with a before/after slider and Download", async () => {
    page = await openPage();
    page.on("download", (d) => downloads.push(d));
    await page.setInputFiles("#content-file", [CONTENT, PHOTO]);
    await page.setInputFiles("#style-file", STYLE);
    await page.waitForSelector('li[data-role="content"] >> text=fixture_content_64x64');
    await page.waitForSelector('li[data-role="style"] >> text=fixture_style_32x48');
    await page.click("button.primary");
    await page.waitForSelector('section[data-role="result"] li.result >> nth=1', { timeout: 240_000 });
    await page.waitForSelector('main.restyle[data-state="done"]');
    expect(await page.locator("section[data-role=result] .result-name").allTextContents()).toEqual([
      "fixture_content_64x64 · fixture_style_32x48",
      "content_chelsea · fixture_style_32x48",
    ]);
    expect(await page.getAttribute("main.restyle", "data-backend")).toBe("webgl");
    // The same engine bundle as in Figma, and a real origin: the first route, a data: URL worker, works here.
    expect(await page.evaluate(() => document.documentElement.dataset.route)).toBe("data-url-worker");
    // Nothing is saved until asked.
    expect(downloads.length).toBe(0);

    const save = page.waitForEvent("download");
    await page.click('section[data-role="result"] li.result >> nth=0 >> button.download');
    const d = await save;
    expect(d.suggestedFilename()).toBe("fixture_content_64x64 · fixture_style_32x48.png");
    firstBytes = readFileSync(await d.path());
    first = PNG.sync.read(firstBytes);
    expect([first.width, first.height]).toEqual([32, 32]);
    const content = PNG.sync.read(readFileSync(CONTENT));
    const style = PNG.sync.read(readFileSync(STYLE));
    expect(dist(colourStats(first), colourStats(style))).toBeLessThan(dist(colourStats(content), colourStats(style)));

    // "Download all": the batch's files together, one per content.
    downloads.length = 0;
    await page.click("button.download-all");
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    expect(downloads.map((x) => x.suggestedFilename())).toEqual([
      "fixture_content_64x64 · fixture_style_32x48.png",
      "content_chelsea · fixture_style_32x48.png",
    ]);
    const second = PNG.sync.read(readFileSync(await downloads[1].path()));
    expect([second.width, second.height]).toEqual([32, 21]);

    await page.screenshot({ path: join(ARTIFACTS, "app-result-wide-light.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: join(ARTIFACTS, "app-result-wide-dark.png"), fullPage: true });
    await page.setViewportSize({ width: 420, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, "app-result-narrow-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: join(ARTIFACTS, "app-result-narrow-light.png"), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("shows the content's pixels at 0 and the result's at 1, by keyboard and by dragging", async () => {
    const ba = page.locator('section[data-role="result"] li.result >> nth=0 >> .ba');
    const range = ba.locator("input.ba-range");
    const content = blockMeans(PNG.sync.read(readFileSync(CONTENT)));
    const result = blockMeans(first);
    const apart = rms(content, result);
    expect(apart).toBeGreaterThan(20); // the two are far enough apart to tell which one is shown
    const shown = async () => blockMeans(PNG.sync.read(await ba.screenshot()));

    await range.focus();
    await page.keyboard.press("Home");
    expect(await range.inputValue()).toBe("0");
    const at0 = await shown();
    expect(rms(at0, content)).toBeLessThan(apart / 4);
    await page.keyboard.press("End");
    expect(await range.inputValue()).toBe("1");
    const at1 = await shown();
    expect(rms(at1, result)).toBeLessThan(apart / 4);

    // A drag: press at the left edge and move to a quarter of the width.
    const b = (await ba.boundingBox())!;
    await page.mouse.move(b.x + 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 4, b.y + b.height / 2, { steps: 4 });
    await page.mouse.up();
    expect(Number(await range.inputValue())).toBeCloseTo(0.25, 1);
    // The left quarter is the result, the rest the content.
    const shot = PNG.sync.read(await ba.screenshot());
    const leftCol = blockMeans(shot).filter((_, i) => Math.floor(i / 3) % 4 === 0);
    const rightCols = blockMeans(shot).filter((_, i) => Math.floor(i / 3) % 4 >= 2);
    expect(
      rms(
        leftCol,
        result.filter((_, i) => Math.floor(i / 3) % 4 === 0),
      ),
    ).toBeLessThan(apart / 4);
    expect(
      rms(
        rightCols,
        content.filter((_, i) => Math.floor(i / 3) % 4 >= 2),
      ),
    ).toBeLessThan(apart / 4);
  });

  it("writes the parameters into a valid PNG that Chromium decodes to the same pixels", async () => {
    expect(chunkTypes(new Uint8Array(firstBytes)).slice(-2)).toEqual(["tEXt", "IEND"]);
    const rec = readResultRecipe(new Uint8Array(firstBytes));
    expect(rec).not.toBeNull();
    expect(rec!.params).toMatchObject({ strength: 1, size: 32, preset: "lite", contentName: "fixture_content_64x64", styleNames: ["fixture_style_32x48"] });
    expect(rec!.styleIds.length).toBe(1);
    const decoded = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: "image/png" }), { premultiplyAlpha: "none", colorSpaceConversion: "none" });
      const c = new OffscreenCanvas(bmp.width, bmp.height).getContext("2d")!;
      c.drawImage(bmp, 0, 0);
      return { width: bmp.width, height: bmp.height, data: Array.from(c.getImageData(0, 0, bmp.width, bmp.height).data) };
    }, firstBytes.toString("base64"));
    expect([decoded.width, decoded.height]).toEqual([32, 32]);
    expect(Buffer.compare(Buffer.from(decoded.data), first.data)).toBe(0);
  });

  it("brings the parameters back when that PNG is dropped again as the content", async () => {
    const rec = readResultRecipe(new Uint8Array(firstBytes))!;
    await dropFiles(page, 'section[data-role="content"]', [{ name: "fixture_content_64x64 · fixture_style_32x48.png", type: "image/png", bytes: firstBytes }]);
    const badge = page.locator('section[data-role="content"] .drop-recall');
    await badge.waitFor();
    expect(JSON.parse((await badge.getAttribute("data-recall"))!)).toEqual(rec.params);
    // The page holds no original to update from: the dropped result is what Run paints, and the page says so.
    expect(await badge.textContent()).toContain("Run paints this image again with them; to redo it from the original, drop “fixture_content_64x64” instead.");
    expect(await page.locator(".actions button.primary").textContent()).toBe("Run");
    // The style it was made with is still loaded: nothing missing. Without it, the page names it.
    expect(await badge.locator(".drop-recall-missing").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "app-recall-wide-light.png"), fullPage: true });
    await page.click('button[aria-label="Remove fixture_style_32x48"]');
    await expect.poll(() => badge.locator(".drop-recall-missing").textContent(), { timeout: 10_000 }).toContain("“fixture_style_32x48”");
    await page.close();
  });

  it("explains a non-image, an empty file and an image past the size bound", async () => {
    const page = await openPage();
    const notice = page.locator("p.notice");
    await page.setInputFiles("#content-file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/“notes.txt” is not an image/);
    await page.setInputFiles("#content-file", { name: "empty.png", mimeType: "image/png", buffer: Buffer.alloc(0) });
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/“empty.png” is empty \(0 bytes\)/);
    const big = Buffer.from(readFileSync(CONTENT));
    big.writeUInt32BE(20000, 16); // IHDR width: refused from the header, before any decoding
    big.writeUInt32BE(20000, 20);
    await page.setInputFiles("#style-file", { name: "huge.png", mimeType: "image/png", buffer: big });
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/“huge.png” is too large \(20000×20000 px\)/);
    expect(await notice.getAttribute("data-error")).toBe("true");
    // Nothing was taken: the panel still asks for images and cannot run.
    expect(await page.locator("li.layer").count()).toBe(0);
    expect(await page.locator("section.drop .pick").count()).toBe(0);
    expect(await page.isDisabled("button.primary")).toBe(true);
    await page.close();
  });
});

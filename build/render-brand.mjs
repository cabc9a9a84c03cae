// Renders the brand art from its sources with Debian's Chromium: assets/brand/icon.svg →
// icon-128.png (Figma and Photopea icon) and cover.html → cover.png (Figma Community cover,
// 1920×960). Run after changing a source: `node build/render-brand.mjs`; the PNGs are committed.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const brand = join(dirname(fileURLToPath(import.meta.url)), "../assets/brand");
const profile = mkdtempSync(join(tmpdir(), "restyle-brand-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await context.newPage();
  for (const [src, out, width, height] of [
    ["icon.svg", "icon-128.png", 128, 128],
    ["cover.html", "cover.png", 1920, 960],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(pathToFileURL(join(brand, src)).href);
    await page.waitForLoadState("load");
    await page.screenshot({ path: join(brand, out), omitBackground: src.endsWith(".svg"), clip: { x: 0, y: 0, width, height } });
    console.log(`${out} ${width}×${height}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

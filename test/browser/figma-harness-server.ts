/**
 * Serves dist/ui.html (rebuilt) beside a harness page that plays the Figma sandbox with the shared
 * fixture PNGs: a 64×64 "Photo" content and a 32×48 "Starry" style, and a tiny Lite run's settings.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { launchChromium, type Launched } from "../helpers/chromium";
import { IMAGES, REPO } from "../helpers/paths";
import { serveDir, type StaticServer } from "../helpers/static-server";
import { HARNESS_PATH, harnessHtml, type HarnessLayer } from "./figma-harness";

export const CONTENT = "fixture_content_64x64.png";
export const STYLE = "fixture_style_32x48.png";

/** A layer the harness offers instead of the two fixtures: its PNG bytes, served at `src`. */
export interface ServedLayer extends HarnessLayer {
  png: Uint8Array;
}

/**
 * `settings` are merged over the tiny run's (what the harness's clientStorage holds at start);
 * `layers` replace the two fixture layers (content first).
 */
export async function serveFigmaHarness(opts: { sandbox?: boolean; settings?: Record<string, unknown>; layers?: ServedLayer[] } = {}): Promise<StaticServer> {
  // CI builds weights/lite first (npm test does, from ../shared/vgg19); without them the panel cannot run offline.
  if (!existsSync(join(REPO, "weights/lite/manifest.json"))) throw new Error("weights/lite is missing: run `npm run weights -- --from ../shared/vgg19` first");
  execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "ui"], { cwd: REPO, stdio: "inherit" });
  const layers: HarnessLayer[] = opts.layers?.map(({ png: _png, ...l }) => l) ?? [
    { id: "1:2", name: "Photo", width: 64, height: 64, src: "/fixtures/content.png" },
    { id: "1:3", name: "Starry", width: 32, height: 48, src: "/fixtures/style.png" },
  ];
  const served = new Map((opts.layers ?? []).map((l) => [l.src, l.png]));
  const settings = { size: 32, iterations: 4, preset: "lite", strength: 0.9, preserveColors: false, styleScale: 1, styleWeights: [], ...opts.settings };
  const fixtures: Record<string, string> = { "/fixtures/content.png": CONTENT, "/fixtures/style.png": STYLE };
  return serveDir(join(REPO, "dist"), {
    intercept: async (_req, res, path) => {
      if (path === HARNESS_PATH) {
        res.writeHead(200, { "Content-Type": "text/html" }).end(harnessHtml(layers, settings, opts));
        return true;
      }
      const png = served.get(path);
      if (png) {
        res.writeHead(200, { "Content-Type": "image/png" }).end(png);
        return true;
      }
      if (fixtures[path]) {
        res.writeHead(200, { "Content-Type": "image/png" }).end(await readFile(join(IMAGES, fixtures[path])));
        return true;
      }
      return false;
    },
  });
}

export interface FigmaPanel {
  server: StaticServer;
  browser: Launched;
  page: Page;
  /** dist/ui.html, framed by the harness as Figma frames it. */
  ui: Frame;
  close(): Promise<void>;
}

/**
 * What every panel test starts with: the harness served, Chromium launched, the panel framed and
 * (unless `waitLayers` is false) its two layers shown. `beforeGoto` patches the page or its
 * workers before the panel loads; `frameHeight` makes the iframe taller for long panels.
 */
export async function openFigmaPanel(opts: {
  settings?: Record<string, unknown>;
  layers?: ServedLayer[];
  viewport: { width: number; height: number };
  webgpu?: boolean;
  frameHeight?: number;
  waitLayers?: boolean;
  beforeGoto?: (page: Page) => Promise<void> | void;
}): Promise<FigmaPanel> {
  const server = await serveFigmaHarness({ settings: opts.settings, layers: opts.layers });
  const browser = await launchChromium({ viewport: opts.viewport, webgpu: opts.webgpu });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    await opts.beforeGoto?.(page);
    await page.goto(server.url + HARNESS_PATH.slice(1));
    if (opts.frameHeight) await page.locator("#ui").evaluate((f, h) => ((f as HTMLIFrameElement).style.height = `${h}px`), opts.frameHeight);
    const ui = page.frame({ url: /ui\.html$/ });
    if (!ui) throw new Error("ui.html frame not found");
    if (opts.waitLayers !== false) await ui.locator(".layer").nth(1).waitFor({ timeout: 20_000 });
    return { server, browser, page, ui, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The real dist/photopea page in headless Chromium, iframed by a fake Photopea parent (the
 * emulator in test/emulation/photopea) on another origin: layers listed, the chosen layers exported, the
 * result placed with the right bounds and name, nothing left changed after a forced failure, and
 * the bad-parent cases (no reply, malformed reply, wrong origin) explained. Last, the page as a
 * user's browser meets it: served by `npm run photopea`'s server on 127.0.0.1 and framed by
 * https://www.photopea.com (a public origin, answered here by request routing), under Chromium's
 * Local Network Access rules.
 */
import * as esbuild from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Launched } from "../helpers/chromium";
import { IMAGES, REPO } from "../helpers/paths";
import { serveDir, type StaticServer } from "../helpers/static-server";
import type { HarnessSpec } from "../emulation/photopea/harness-page";
import { startPhotopeaServer, type PhotopeaServer } from "../../src/cli/photopea-server";

const PLUGIN_HTML = join(REPO, "dist/photopea/index.html");
/** Tiny and short: WebGL runs on SwiftShader here. */
const SETTINGS = { size: 32, iterations: 3, strength: 0.8 };

let browser: Launched;
let harness: StaticServer;
let plugin: StaticServer;
let harnessJs = "";
let served: PhotopeaServer;

beforeAll(async () => {
  if (!existsSync(PLUGIN_HTML)) execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "photopea"], { cwd: REPO, stdio: "inherit" });
  const built = await esbuild.build({
    entryPoints: [join(REPO, "test/emulation/photopea/harness-page.ts")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
  });
  harnessJs = built.outputFiles[0].text;
  harness = await serveDir(REPO, {
    intercept: async (_req, res, path) => {
      if (path === "/harness.html") {
        res
          .writeHead(200, { "Content-Type": "text/html" })
          .end(`<!doctype html><meta charset="utf-8"><title>fake Photopea</title><script src="/harness.js"></script>`);
      } else if (path === "/harness.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(harnessJs);
      } else if (/^\/fixtures\/[\w.-]+\.png$/.test(path)) {
        res.writeHead(200, { "Content-Type": "image/png" }).end(readFileSync(join(IMAGES, path.slice("/fixtures/".length))));
      } else {
        res.writeHead(404).end();
      }
      return true;
    },
  });
  plugin = await serveDir(join(REPO, "dist/photopea"));
  served = await startPhotopeaServer({ distDir: join(REPO, "dist") });
  browser = await launchChromium({ viewport: { width: 420, height: 800 } });
  // Every frame starts with small, fast settings (the plugin reads them from its localStorage).
  await browser.context.addInitScript((s) => localStorage.setItem("restyle.settings.v1", JSON.stringify(s)), SETTINGS);
});

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await plugin?.close();
  await served?.close();
});

const origin = (url: string) => url.replace(/\/$/, "");

async function open(spec: Partial<HarnessSpec> & Pick<HarnessSpec, "document">, parentOriginForPlugin?: string): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => console.warn("page error:", e.message));
  await page.goto(`${harness.url}harness.html`);
  const allowed = parentOriginForPlugin ?? origin(harness.url);
  const full: HarnessSpec = {
    pluginUrl: `${plugin.url}index.html?origin=${encodeURIComponent(allowed)}`,
    pluginOrigin: origin(plugin.url),
    placeDelayMs: 400, // "done" comes well before the placed layer exists
    ...spec,
  };
  await page.evaluate((s) => window.emu.start(s), full);
  const frame = await waitForFrame(page);
  return { page, frame };
}

async function waitForFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((fr) => fr.url().startsWith(plugin.url));
    if (f) {
      await f.waitForSelector("main.restyle");
      return f;
    }
    await page.waitForTimeout(100);
  }
  throw new Error("plugin frame did not load");
}

const DOC: HarnessSpec["document"] = {
  name: "poster.psd",
  width: 96,
  height: 80,
  active: "Photo",
  layers: [
    { name: "Title", kind: "TEXT", x: 0, y: 0, solid: { width: 20, height: 8, rgba: [0, 0, 0, 255] } },
    { name: "Photo", x: 8, y: 4, fixture: "fixture_content_64x64.png" },
    { name: "Paint", x: 60, y: 20, fixture: "fixture_style_32x48.png" },
    { name: "Folder", kind: "GROUP", children: [] },
  ],
};

describe("Photopea plugin page under the emulator", () => {
  it("lists the layers, exports the chosen ones, places the result on the content's bounds; a forced failure changes nothing", async () => {
    const { page, frame } = await open({ document: DOC });
    // Listed: the two pixel layers; content = the active layer, style = the one below.
    await frame.waitForSelector('li[data-role="content"] >> text=Photo');
    await frame.waitForSelector('li[data-role="style"] >> text=Paint');
    expect(await frame.locator("li.layer").count()).toBe(2);
    const before = await page.evaluate(() => window.emu.state());
    expect(before.documents[0].history).toEqual(["Open"]);

    await frame.click("button.primary");
    await frame.waitForSelector('main[data-state="done"], main[data-state="error"]', { timeout: 180_000 });
    const errorText = await frame.locator(".message.error").allTextContents();
    expect(errorText).toEqual([]);
    expect(await frame.getAttribute("main.restyle", "data-backend")).toBe("webgl");

    const after = await page.evaluate(() => window.emu.state());
    expect(after.documents.length).toBe(1); // the temporary export documents are closed
    expect(after.active).toBe("poster.psd");
    const doc = after.documents[0];
    expect(doc.layers.map((l) => l.name)).toEqual(["Title", "Photo · Paint", "Photo", "Paint", "Folder"]);
    const placed = doc.layers[1];
    expect(placed.bounds).toEqual([8, 4, 72, 68]); // exactly the content layer's bounds
    expect(placed.kind).toBe(17); // a smart object, as placed
    // History: nothing from the exports; one step for the placement (one undo removes the result).
    expect(doc.history).toEqual(["Open", "Duplicate Layer"]);
    expect(await page.evaluate(() => window.emu.unsupported())).toEqual([]);
    // The placed pixels are a new picture, not the content copied back.
    const [res, content] = await page.evaluate(() => [window.emu.layerPixels("Photo · Paint"), window.emu.layerPixels("Photo")]);
    let diff = 0;
    for (let i = 0; i < res!.data.length; i++) diff += Math.abs(res!.data[i] - content!.data[i]);
    expect(diff / res!.data.length).toBeGreaterThan(2);

    // A failure while placing (fitting the result onto the content throws): nothing is left behind.
    await page.evaluate(() => window.emu.fault("resize", true));
    const layersBefore = JSON.stringify((await page.evaluate(() => window.emu.state())).documents[0].layers);
    await frame.click("button.primary");
    await frame.waitForSelector('main[data-state="error"]', { timeout: 180_000 });
    expect(await frame.locator(".message.error").textContent()).toMatch(/nothing was added: your layers are as they were/);
    const failed = await page.evaluate(() => window.emu.state());
    expect(JSON.stringify(failed.documents[0].layers)).toBe(layersBefore);
    expect(failed.documents[0].history).toEqual(["Open", "Duplicate Layer"]);
    expect(failed.documents.length).toBe(1);
    await page.close();
  });

  it("explains a document with one usable layer, and no document", async () => {
    const one = await open({
      document: {
        name: "a.psd",
        width: 40,
        height: 40,
        layers: [
          { name: "Only", fixture: "fixture_style_32x48.png" },
          { name: "Words", kind: "TEXT", solid: { width: 4, height: 4, rgba: [0, 0, 0, 255] } },
        ],
      },
    });
    await one.frame.waitForSelector("text=/only one usable layer/");
    expect(await one.frame.isDisabled("button.primary")).toBe(true);
    await one.page.close();
    const none = await open({ document: null });
    await none.frame.waitForSelector("text=Open a document in Photopea first.");
    // The built-in paintings look and act enabled before any layer is chosen, and at 320 px every name shows whole.
    await none.page.evaluate(() => (document.querySelector("iframe")!.width = "320"));
    await none.frame.waitForFunction(() => document.documentElement.clientWidth === 320);
    await none.frame.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".tile img")].every((i) => i.complete && i.naturalWidth > 0));
    const tiles = await none.frame.locator(".tile").evaluateAll((els) =>
      els.map((el) => {
        const name = el.querySelector<HTMLElement>(".tile-name")!;
        name.style.overflowWrap = "normal"; // a word wider than the tile would now stick out: counted as cut
        return {
          disabled: (el as HTMLButtonElement).disabled,
          opacity: getComputedStyle(el).opacity,
          cut: name.scrollHeight > name.clientHeight + 1 || name.scrollWidth > name.clientWidth + 1,
          title: el.getAttribute("title")?.startsWith(`${name.textContent}, `),
        };
      }),
    );
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.filter((t) => t.disabled || t.opacity !== "1" || t.cut || !t.title)).toEqual([]);
    const first = none.frame.locator(".tile").first();
    await first.click();
    expect(await first.getAttribute("aria-pressed")).toBe("true"); // held until a layer is chosen
    await none.page.close();
  });

  it("explains a parent that never answers, answers garbage, or is not the trusted origin", async () => {
    const silent = await open({ document: DOC, behaviour: { silent: true } });
    await silent.frame.waitForSelector("text=/Photopea did not answer/", { timeout: 20_000 });
    await silent.page.close();

    const garbled = await open({ document: DOC, behaviour: { garble: true } });
    await garbled.frame.waitForSelector("text=/could not run|unexpected reply/", { timeout: 20_000 });
    await garbled.page.close();

    // The plugin trusts another origin: the harness's replies are all refused, nothing runs.
    const wrong = await open({ document: DOC }, "http://127.0.0.1:9");
    await wrong.frame.waitForSelector("text=/Photopea did not answer/", { timeout: 20_000 });
    const state = await wrong.page.evaluate(() => window.emu.state());
    expect(state.documents[0].history).toEqual(["Open"]);
    await wrong.page.close();
  });

  it("framed by https://www.photopea.com from 127.0.0.1: blocked until the loopback-network permission is granted, then trusted as Photopea", async () => {
    const PP = "https://www.photopea.com";
    const doc: HarnessSpec["document"] = {
      name: "poster.psd",
      width: 96,
      height: 80,
      active: "Photo",
      layers: [
        { name: "Paint", x: 60, y: 20, fixture: "fixture_style_32x48.png" },
        { name: "Photo", x: 8, y: 4, fixture: "fixture_content_64x64.png" },
        { name: "Background", solid: { width: 96, height: 80, rgba: [255, 255, 255, 255] }, background: true },
      ],
    };
    const openFromPhotopea = async (): Promise<Page> => {
      const page = await browser.context.newPage();
      // Photopea's origin, served from here: Chromium sees a public, secure page.
      await page.route(`${PP}/**`, async (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === "/harness.js") return route.fulfill({ contentType: "text/javascript", body: harnessJs });
        const fixture = /^\/fixtures\/([\w.-]+\.png)$/.exec(path);
        if (fixture) return route.fulfill({ contentType: "image/png", body: readFileSync(join(IMAGES, fixture[1])) });
        return route.fulfill({
          contentType: "text/html",
          body: `<!doctype html><meta charset="utf-8"><title>Photopea</title><script src="/harness.js"></script>`,
        });
      });
      await page.goto(`${PP}/`);
      // The plugin page exactly as `npm run photopea` serves it, without the test-only ?origin=.
      await page.evaluate((s) => window.emu.start(s), {
        pluginUrl: served.url,
        pluginOrigin: origin(served.url),
        placeDelayMs: 100,
        document: doc,
      } satisfies HarnessSpec);
      return page;
    };

    // Not granted (headless Chromium answers the prompt with "deny"): Chromium's own error page in the frame.
    const denied = await openFromPhotopea();
    await expect.poll(() => denied.frames().map((f) => f.url()), { timeout: 15_000 }).toContain("chrome-error://chromewebdata/");
    const errorFrame = denied.frames().find((f) => f.url().startsWith("chrome-error://"))!;
    expect(await errorFrame.textContent("body")).toMatch(/127\.0\.0\.1 is blocked[\s\S]*ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS/);
    expect(await denied.evaluate(() => window.emu.scriptsRun())).toBe(0);
    await denied.close();

    // Granted ("Allow" in the prompt): the panel loads, trusts Photopea's origin, and picks the textured layer as the style.
    await browser.context.grantPermissions(["local-network-access"], { origin: PP });
    try {
      const page = await openFromPhotopea();
      const frame = await waitForFrameAt(page, served.url);
      await frame.waitForSelector('li[data-role="content"] >> text=Photo');
      await frame.waitForSelector('li[data-role="style"] >> text=Paint');
      expect(await frame.locator(".roles-note").textContent()).toBe(
        "Default style: “Paint”, the nearest layer with texture above “Photo”; skipped “Background” (the document background).",
      );
      const state = await page.evaluate(() => window.emu.state());
      expect(state.documents.map((d) => d.name)).toEqual(["poster.psd"]);
      expect(state.documents[0].history).toEqual(["Open"]); // judging previews left nothing in History
      expect(await page.evaluate(() => window.emu.unsupported())).toEqual([]);
      await page.close();
    } finally {
      await browser.context.clearPermissions();
    }
  });
});

async function waitForFrameAt(page: Page, url: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((fr) => fr.url().startsWith(url));
    if (f) {
      await f.waitForSelector("main.restyle");
      return f;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame at ${url}`);
}

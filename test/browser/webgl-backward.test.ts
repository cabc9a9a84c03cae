/**
 * The new paths where users meet them: WebGL (SwiftShader here) in Debian's Chromium. Row bands
 * must equal the unsplit conv and the hand-written backward pass must equal tfjs autodiff there
 * too (WebGL's packed textures and explicit padding are not the cpu backend's code).
 */
import * as esbuild from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Launched } from "../helpers/chromium";
import { serveDir, type StaticServer } from "../helpers/static-server";
import { REPO } from "../helpers/paths";
import type { WebglBackwardReport } from "./webgl-backward-entry";

describe("conv bands and the backward pass on WebGL", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Launched;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "restyle-webgl-backward-"));
    await esbuild.build({ entryPoints: [join(REPO, "test/browser/webgl-backward-entry.ts")], outfile: join(dir, "page.js"), bundle: true, format: "iife", platform: "browser", logLevel: "warning" });
    writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script src="page.js"></script>`);
    server = await serveDir(dir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("match the plain paths and leave no tensor behind", async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(240_000);
    await page.goto(server.url + "index.html");
    const r: WebglBackwardReport = await page.evaluate(() => window.restyleWebglBackward());
    console.log(`webgl: bands vs unsplit ${r.bandsRelErr.toExponential(2)}, backward vs autodiff ${r.backwardRelErr.toExponential(2)}`);
    expect(r.backend).toBe("webgl");
    expect(r.bandsRelErr).toBeLessThan(1e-5);
    expect(r.backwardRelErr).toBeLessThan(1e-4);
    expect(r.leakedTensors).toBe(0);
  }, 300_000);
});

/**
 * The new paths where users meet them: WebGL (SwiftShader here) in Debian's Chromium. Row bands
 * must equal the unsplit conv and the hand-written backward pass must equal tfjs autodiff there
 * too (WebGL's packed textures and explicit padding are not the cpu backend's code).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEntryPage, type EntryPage } from "../helpers/entry-page";
import type { WebglBackwardReport } from "./webgl-backward-entry";

describe("conv bands, the backward pass and tiles on WebGL", () => {
  let site: EntryPage;

  beforeAll(async () => {
    site = await openEntryPage("test/browser/webgl-backward-entry.ts");
  });

  afterAll(async () => {
    await site?.close();
  });

  it("match the plain paths and leave no tensor behind", async () => {
    const page = await site.browser.context.newPage();
    page.setDefaultTimeout(240_000);
    await page.goto(site.url);
    const r: WebglBackwardReport = await page.evaluate(() => window.restyleWebglBackward());
    console.log(
      `webgl: bands vs unsplit ${r.bandsRelErr.toExponential(2)}, backward vs autodiff ${r.backwardRelErr.toExponential(2)}, tiled vs whole: loss ${r.tiledLossRelErr.toExponential(2)}, gradient ${r.tiledGradRelErr.toExponential(2)}`,
    );
    expect(r.backend).toBe("webgl");
    expect(r.bandsRelErr).toBeLessThan(1e-5);
    expect(r.backwardRelErr).toBeLessThan(1e-4);
    expect(r.tiledLossRelErr).toBeLessThan(1e-4);
    expect(r.tiledGradRelErr).toBeLessThan(1e-4);
    expect(r.leakedTensors).toBe(0);
  }, 300_000);
});

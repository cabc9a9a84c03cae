/**
 * The engine's backend start where Chromium offers WebGPU (SwiftShader here): the probe times
 * WebGPU and WebGL and keeps one, a run on it converges with nothing leaked, and the same run
 * forced onto WebGPU gives the picked backend's pixels (tfjs has had WebGPU conv-gradient bugs).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openEntryPage, type EntryPage } from "../helpers/entry-page";
import type { RunReport, StartReport } from "./webgpu-engine-entry";

describe("the engine on WebGPU", () => {
  let site: EntryPage;
  let page: Page;
  let picked: RunReport;

  beforeAll(async () => {
    site = await openEntryPage("test/browser/webgpu-engine-entry.ts", { launch: { webgpu: true } });
    page = await site.browser.context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(site.url);
  });

  afterAll(async () => {
    await site?.close();
  });

  it("probes WebGPU and WebGL at start, keeps one, and runs on it with the loss falling and no tensor left", async () => {
    expect(await page.evaluate(() => window.restyleWebgpu.adapter())).toBe(true);
    const s: StartReport = await page.evaluate(() => window.restyleWebgpu.start());
    const p = s.info.probe!;
    console.log(
      `probe: WebGPU ${p.webgpuMs?.toFixed(0)} ms, WebGL ${p.webglMs?.toFixed(0)} ms per pass → ${p.picked}${p.reason ? ` (${p.reason})` : ""}; start ${(s.startMs / 1000).toFixed(1)} s`,
    );
    expect(p.webgpuMs).toBeGreaterThan(0);
    expect(p.webglMs).toBeGreaterThan(0);
    // The faster of the two, and WebGL unless WebGPU won outright.
    expect(p.picked).toBe(p.webgpuMs! < p.webglMs! ? "webgpu" : "webgl");
    expect(s.info.name).toBe(p.picked);
    expect(s.tensors).toBe(0);

    picked = await page.evaluate(() => window.restyleWebgpu.run());
    console.log(`run on ${picked.backend}: loss ${picked.lossStart.toFixed(0)} → ${picked.lossEnd.toFixed(0)} in ${(picked.ms / 1000).toFixed(1)} s`);
    expect(picked.backend).toBe(p.picked);
    expect(picked.lossEnd).toBeLessThan(picked.lossStart * 0.8);
    expect(picked.leakedTensors).toBe(0);
  }, 90_000);

  it("a run forced onto WebGPU matches the picked backend's, pixel for pixel", async () => {
    const other = picked.backend === "webgpu" ? "webgl" : "webgpu";
    const r: RunReport = await page.evaluate((b) => window.restyleWebgpu.run(b), other);
    const maxDiff = r.pixels.reduce((m, v, i) => Math.max(m, Math.abs(v - picked.pixels[i])), 0);
    console.log(
      `run on ${r.backend}: loss ${r.lossStart.toFixed(0)} → ${r.lossEnd.toFixed(0)} in ${(r.ms / 1000).toFixed(1)} s; largest pixel difference from ${picked.backend} ${maxDiff}`,
    );
    expect(r.backend).toBe(other);
    expect(Math.abs(r.lossStart - picked.lossStart) / picked.lossStart).toBeLessThan(1e-5);
    expect(Math.abs(r.lossEnd - picked.lossEnd) / picked.lossEnd).toBeLessThan(1e-3);
    expect(maxDiff).toBeLessThanOrEqual(1);
    expect(r.leakedTensors).toBe(0);
  }, 90_000);
});

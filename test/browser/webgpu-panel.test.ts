/**
 * The Figma panel (dist/ui.html) in Chromium launched with WebGPU, its engine worker given no
 * WebGL (as on a machine whose GPU only WebGPU reaches), so the probe keeps WebGPU. A lost WebGPU
 * device mid-run takes the lost-context path: the run stops with the plain message, nothing is
 * placed, and a fresh engine starts for the next run.
 */
import type { Frame, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFigmaPanel, type FigmaPanel } from "./figma-harness-server";

/** In the engine worker: no WebGL, and every WebGPU device it asks for kept, so the test can destroy it. */
const WORKER_PATCH = `(() => {
  const get = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (type, ...rest) {
    return /webgl/.test(type) ? null : get.call(this, type, ...rest);
  };
  const kept = (globalThis.__gpuDevices = []);
  const ask = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...a) {
    const d = await ask.apply(this, a);
    kept.push(d);
    return d;
  };
})();`;

describe("the panel on WebGPU", () => {
  let panel: FigmaPanel;
  let page: Page;
  let ui: Frame;
  const workers: Worker[] = [];
  const patched: Promise<unknown>[] = [];

  beforeAll(async () => {
    panel = await openFigmaPanel({
      webgpu: true,
      viewport: { width: 340, height: 660 },
      // The engine worker starts with the panel, long before Run asks it for a backend.
      beforeGoto: (p) =>
        void p.on("worker", (w) => {
          workers.push(w);
          patched.push(w.evaluate(WORKER_PATCH).catch(() => undefined));
        }),
    });
    ({ page, ui } = panel);
  });

  afterAll(async () => {
    await panel?.close();
  });

  it("keeps WebGPU by the probe, and a lost device stops the run with the lost-context message", async () => {
    await Promise.all(patched);
    expect(workers.length).toBe(1);
    await ui.getByRole("button", { name: "Run" }).click();
    // The backend is named once the engine has started (probe done) and the run is under way.
    await ui.waitForFunction(() => document.documentElement.dataset.backend, undefined, { timeout: 90_000, polling: 100 });
    expect(await ui.evaluate(() => document.documentElement.dataset.backend)).toBe("webgpu");
    expect(await ui.evaluate(() => document.documentElement.dataset.engine)).toBe("worker");
    const probe = ui.locator('[data-diag="probe"]');
    expect(await probe.getAttribute("data-picked")).toBe("webgpu");
    expect(await probe.textContent()).toMatch(/^Probe: WebGPU [\d.]+ ms, WebGL unavailable: WebGPU$/);
    console.log(await probe.textContent());

    // Lost once the optimisation is under way (not while the panel's estimate probe may hold the engine).
    await ui.waitForFunction(() => Number(document.querySelector("progress")?.dataset.iteration ?? 0) >= 1, undefined, { timeout: 90_000, polling: 100 });
    expect(await ui.locator("main").getAttribute("data-state")).toBe("running");
    const destroyed = await workers[0].evaluate(() => {
      const kept = (globalThis as unknown as { __gpuDevices: GPUDevice[] }).__gpuDevices;
      kept.forEach((d) => d.destroy());
      return kept.length;
    });
    expect(destroyed).toBeGreaterThan(0);
    await ui.waitForFunction(() => document.querySelector("main")?.dataset.state === "error", undefined, { timeout: 30_000 });
    expect(await ui.locator(".message.error").textContent()).toMatch(/^The graphics card reset during the run\. Press Run to try again/);
    expect(await page.evaluate(() => (window as unknown as { placed: unknown[] }).placed.length)).toBe(0);
    // The engine that lost its device is dropped and a fresh one warms up for the next run.
    await expect.poll(() => workers.length, { timeout: 20_000 }).toBe(2);
  }, 180_000);
});

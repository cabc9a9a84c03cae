/**
 * The pre-run estimate in real Chromium (dist/ui.html framed by the Figma harness, lite weights,
 * a 64 px layer run at 32 px, three iterations a scale): the panel probes the device while idle and says
 * how long a run will take before Run is pressed; the figure follows the iterations and the
 * quality; and it is of the right order for the run that follows (within 4×, a loose bound: the
 * run's own time is printed beside it).
 */
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFigmaPanel, type FigmaPanel } from "./figma-harness-server";
import { setNetwork, setSteps } from "./panel-steps";

describe("the pre-run estimate in Chromium", () => {
  let panel: FigmaPanel;
  let ui: Frame;

  const estimate = async () => {
    const el = ui.locator(".actions .estimate");
    return { ms: Number(await el.getAttribute("data-estimate-ms")), text: (await el.textContent()) ?? "" };
  };
  const waitEstimate = (other: number) =>
    ui.waitForFunction(
      (o) => {
        const v = Number(document.querySelector(".actions .estimate")?.getAttribute("data-estimate-ms") ?? NaN);
        return Number.isFinite(v) && v !== o;
      },
      other,
      { timeout: 10_000, polling: 50 },
    );
  const waitEstimateIs = (want: number) =>
    ui.waitForFunction((w) => Number(document.querySelector(".actions .estimate")?.getAttribute("data-estimate-ms")) === w, want, {
      timeout: 10_000,
      polling: 50,
    });

  beforeAll(async () => {
    panel = await openFigmaPanel({
      settings: { size: 32, iterations: 3 },
      viewport: { width: 340, height: 1000 },
      beforeGoto: (p) => void p.on("console", (m) => m.text().startsWith("restyle: speed probe") && console.log(Date.now(), m.text())),
    });
    ui = panel.ui;
  }, 60_000);

  afterAll(async () => {
    await panel?.close();
  });

  it("appears before Run, follows the settings, and is of the order of the run's real time", async () => {
    const t0 = Date.now();
    await ui.locator(".actions .estimate").waitFor({ timeout: 90_000 });
    const probeS = (Date.now() - t0) / 1000;
    expect(await ui.locator("main").getAttribute("data-state")).toBe("idle");
    expect(await ui.getByRole("button", { name: "Run" }).isEnabled()).toBe(true);
    const before = await estimate();
    expect(before.text).toMatch(/^(A few seconds|About \d+ (s|min|h)) on this device$/);

    // More steps, the full network: a longer run, said at once (no new probe).
    await setSteps(ui, 6);
    await waitEstimate(before.ms);
    const longer = await estimate();
    // Twice the iterations: nearly twice the time (each scale's targets and start cost the same).
    expect(longer.ms).toBeGreaterThan(1.5 * before.ms);
    await setNetwork(ui, "full");
    await waitEstimate(longer.ms);
    expect((await estimate()).ms).toBeCloseTo(2.4 * longer.ms, -2);
    await setNetwork(ui, "lite");
    await setSteps(ui, 3);
    await waitEstimateIs(before.ms);

    const clicked = Date.now();
    await ui.getByRole("button", { name: "Run" }).click();
    await ui.waitForFunction(() => ["done", "error"].includes(document.querySelector("main")?.dataset.state ?? ""), undefined, {
      timeout: 60_000,
      polling: 100,
    });
    const wallS = (Date.now() - clicked) / 1000;
    const message = (await ui.locator(".message.done").textContent()) ?? "";
    const runS = Number(/in ([\d.]+) s/.exec(message)?.[1]);
    const ratio = runS / (before.ms / 1000);
    const after = await estimate();
    console.log(
      `estimate ${(before.ms / 1000).toFixed(1)} s ("${before.text}", probe done ${probeS.toFixed(1)} s after the panel showed its layers); ` +
        `run ${runS} s (click to done ${wallS.toFixed(1)} s): real / estimate ${ratio.toFixed(2)}; learnt from the run: ${(after.ms / 1000).toFixed(1)} s`,
    );
    expect(Number.isFinite(runS)).toBe(true);
    expect(ratio).toBeGreaterThan(1 / 4);
    expect(ratio).toBeLessThan(4);
    // The run taught the rate (its iterations past each scale's first, so without the shader compiles
    // that dominate a 32 px run on SwiftShader): the next estimate, still shown before Run.
    expect(after.ms / 1000 / runS).toBeGreaterThan(1 / 4);
    expect(after.ms / 1000 / runS).toBeLessThan(4);
  }, 180_000);
});

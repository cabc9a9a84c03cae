/**
 * The panel in a designer's words, in the Figma emulation at Figma's 320 px width: every control
 * (input, select, button, summary) has a tooltip and an accessible description in every phase; the
 * Detail choice sets the steps, the network and the size that Advanced shows (Custom when they match
 * no choice); Advanced opens from the keyboard. Screenshots of every phase (choose the layers, the
 * estimate shown, Advanced open, running, review, done, an earlier result recalled), light and
 * dark, go to test-artifacts/panel/ for docs/panel.md. One Draft run of a 32 px layer.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTO_SIZE, DRAFT_SIZE } from "../../src/shared/settings";
import { ARTIFACTS, IMAGES } from "../helpers/paths";
import { FIGMA_THEMES } from "./figma-harness";
import { CONTENT, openFigmaPanel, STYLE, type FigmaPanel, type ServedLayer } from "./figma-harness-server";
import { setSteps } from "./panel-steps";

const SHOTS = join(ARTIFACTS, "panel");

/** A fixture PNG, every other pixel kept in each direction when `half` (a 32 px layer keeps the run short on SwiftShader). */
function fixturePng(name: string, half: boolean): { png: Uint8Array; width: number; height: number } {
  const src = PNG.sync.read(readFileSync(join(IMAGES, name)));
  if (!half) return { png: new Uint8Array(PNG.sync.write(src)), width: src.width, height: src.height };
  const out = new PNG({ width: src.width >> 1, height: src.height >> 1 });
  for (let y = 0; y < out.height; y++)
    for (let x = 0; x < out.width; x++) src.data.copy(out.data, (y * out.width + x) * 4, (2 * y * src.width + 2 * x) * 4, (2 * y * src.width + 2 * x) * 4 + 4);
  return { png: new Uint8Array(PNG.sync.write(out)), width: out.width, height: out.height };
}

const LAYERS: ServedLayer[] = [
  { id: "1:2", name: "Photo", src: "/fixtures/photo-32.png", ...fixturePng(CONTENT, true) },
  { id: "1:3", name: "Starry", src: "/fixtures/starry.png", ...fixturePng(STYLE, false) },
];

/** The controls in the panel without a tooltip (title) or without a description (aria-describedby to text), and how many there are. */
async function unexplained(ui: Frame): Promise<{ count: number; missing: string[] }> {
  return ui.evaluate(() => {
    const controls = [...document.querySelectorAll("main.restyle :is(input, select, button, summary, textarea)")];
    const missing = controls
      .filter((el) => {
        const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
        const described = ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? "").join("");
        return !el.getAttribute("title")?.trim() || !described;
      })
      .map((el) => `${el.tagName.toLowerCase()} ${el.getAttribute("name") ?? el.getAttribute("aria-label") ?? el.textContent?.trim()}`);
    return { count: controls.length, missing };
  });
}

describe("the panel in a designer's words", () => {
  let panel: FigmaPanel;
  let page: Page;
  let ui: Frame;

  /** The panel, whole, in both of Figma's themes. */
  async function shots(phase: string): Promise<void> {
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate(([n, v]) => (window as unknown as { setTheme: (n: string, v: object) => void }).setTheme(n as string, v as object), [
        theme,
        FIGMA_THEMES[theme],
      ] as const);
      await ui.locator("main").screenshot({ path: join(SHOTS, `${phase}-${theme}.png`) });
    }
  }
  const state = () => ui.locator("main").getAttribute("data-state");
  const waitState = (...s: string[]) =>
    ui.waitForFunction((want) => want.includes(document.querySelector("main")?.dataset.state ?? ""), s, { timeout: 400_000, polling: 100 });
  const closeAdvanced = async () => {
    if (await ui.locator("details.advanced").evaluate((d) => (d as HTMLDetailsElement).open)) await ui.locator("details.advanced summary").click();
  };
  const detail = () =>
    ui
      .locator('input[name="detail"]:checked')
      .getAttribute("value")
      .catch(() => null);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Balanced at Auto, as a new user starts (the harness's tiny run otherwise).
    panel = await openFigmaPanel({ layers: LAYERS, settings: { size: AUTO_SIZE, iterations: 150 }, viewport: { width: 340, height: 1500 }, frameHeight: 1480 });
    ({ page, ui } = panel);
  }, 60_000);

  afterAll(async () => {
    await panel?.close();
  });

  it("choose, estimate, Advanced: every control explained; Detail and Advanced agree; Advanced opens from the keyboard", async () => {
    await ui.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>(".tile img, .thumb img")].every((i) => i.complete && i.naturalWidth > 0));
    expect(await detail()).toBe("balanced");
    expect(await ui.locator('select[name="size"] option:checked').textContent()).toBe("Auto · 32 px");
    await shots("1-choose");
    const idle = await unexplained(ui);
    expect(idle.missing).toEqual([]);
    // Strength, 3 Detail options, size, brush size, 2 boxes, 2 place modes, 4 role buttons, Swap, 5 paintings, Run, Advanced, Steps, 2 networks, files (button and input).
    expect(idle.count).toBeGreaterThanOrEqual(27);

    await ui.locator(".actions .estimate").waitFor({ timeout: 150_000 });
    const balancedMs = Number(await ui.locator(".actions .estimate").getAttribute("data-estimate-ms"));
    await shots("2-estimate");

    // The keyboard opens and closes Advanced (Enter on its summary is the summary's, not Run).
    const summary = ui.locator("details.advanced summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    expect(await ui.locator("details.advanced").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await state()).toBe("idle");
    expect(await ui.getByRole("spinbutton", { name: "Steps" }).inputValue()).toBe("150");
    expect(await ui.getByRole("radio", { name: "Fast (Lite)" }).isChecked()).toBe(true);
    await shots("3-advanced");
    await page.keyboard.press("Enter");
    expect(await ui.locator("details.advanced").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

    // Steps set under Advanced that match no choice: Custom, in words; a choice sets them back.
    await setSteps(ui, 7);
    await ui.locator('[data-detail="custom"]').waitFor();
    expect(await detail()).toBe(null);
    expect(await ui.locator('p[data-detail="custom"]').textContent()).toBe("Custom: 7 steps, fast network. Set under Advanced, or pick one above.");
    await ui.getByRole("radio", { name: /^Finest/ }).check();
    expect([await ui.locator('input[name="iterations"]').inputValue(), await ui.getByRole("radio", { name: "Detailed (Full)" }).isChecked()]).toEqual([
      "300",
      true,
    ]);
    // Draft: fewer steps, the quick size, a shorter estimate; what is saved is the settings themselves.
    await ui.getByRole("radio", { name: /^Draft/ }).check();
    expect(await ui.locator('input[name="iterations"]').inputValue()).toBe("50");
    expect(await ui.locator('select[name="size"]').inputValue()).toBe(String(DRAFT_SIZE));
    expect(await ui.locator('select[name="size"] option:checked').textContent()).toBe("Up to 512 px · 32 px");
    await ui.waitForFunction((b) => Number(document.querySelector(".actions .estimate")?.getAttribute("data-estimate-ms")) < b, balancedMs, {
      timeout: 10_000,
    });
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { saved: Array<{ iterations: number; preset: string; size: number }> }).saved.at(-1);
        return s?.iterations === 50 && s.preset === "lite" && s.size === -2;
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(await ui.locator('[data-detail="draft"] .detail-gist').textContent()).toMatch(/^quick look, up to 512 px · ~[\d.]+× faster$/);
  }, 300_000);

  it("running, review, done and recall: every control explained, each phase shown", async () => {
    await closeAdvanced();
    await ui.locator('input[name="reviewFirst"]').check();
    await ui.getByRole("button", { name: "Run" }).click();
    // The first preview (every 5 steps) is up.
    await ui.locator('[data-state="running"] .status canvas.preview:not(.empty)').waitFor({ timeout: 400_000 });
    await shots("4-running");
    expect((await unexplained(ui)).missing).toEqual([]);

    await waitState("review", "error");
    expect(await state()).toBe("review");
    await shots("5-review");
    expect((await unexplained(ui)).missing).toEqual([]);
    await ui.getByRole("button", { name: "Place" }).click();
    await waitState("done");
    await shots("6-done");
    expect((await unexplained(ui)).missing).toEqual([]);

    // The placed result selected again: its record's settings come back, shown as the choice they were.
    const [placed] = await page.evaluate(() => (window as unknown as { placed: Array<{ params: Record<string, unknown> }> }).placed);
    expect(placed.params).toMatchObject({ preset: "lite", iterations: 50, size: DRAFT_SIZE });
    await setSteps(ui, 9); // changed since: the recall must bring Draft's back
    await closeAdvanced();
    await page.evaluate(
      (params) =>
        (window as unknown as { postChoice: (c: unknown) => Promise<void> }).postChoice({
          layers: [
            { id: "1:2", name: "Photo", width: 32, height: 32 },
            { id: "1:3", name: "Starry", width: 32, height: 48 },
          ],
          contentId: "1:2",
          styleIds: ["1:3"],
          problem: null,
          resultId: "9:1",
          recall: { params, mode: "layer", contentGone: false, goneStyles: [] },
        }),
      placed.params,
    );
    await ui.getByRole("button", { name: "Update result" }).waitFor();
    expect(await detail()).toBe("draft");
    expect(await ui.locator(".recall-params").textContent()).toContain("DetailDraft (fast network, 50 steps)");
    expect(await ui.locator(".recall-params").textContent()).toContain("Brush size100 %");
    await shots("7-recall");
    expect((await unexplained(ui)).missing).toEqual([]);
  }, 900_000);
});

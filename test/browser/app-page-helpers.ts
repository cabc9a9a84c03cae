/** What the page-phase tests share: screenshots light and dark, boxes, and a clock from the click on Run to the run in the Result column. */
import { join } from "node:path";
import type { Page } from "playwright-core";

export type Scheme = "light" | "dark";

/** A full-page screenshot in each colour scheme, `<phase>-<width>-<scheme>.png`; the page is left light. */
export async function shoot(page: Page, dir: string, phase: string, width: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(dir, `${phase}-${width}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

export type Box = { x: number; y: number; width: number; height: number };

/** The page boxes of the first match of each selector, read at one moment (the panel may still be growing between two reads). */
export async function boxes(page: Page, sels: readonly string[]): Promise<Box[]> {
  const found = await page.evaluate(
    (list) =>
      list.map((sel) => {
        const r = document.querySelector(sel)?.getBoundingClientRect();
        return r && r.height > 0 ? { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height } : null;
      }),
    sels,
  );
  return found.map((b, i) => {
    if (!b) throw new Error(`${sels[i]} is not laid out`);
    return b;
  });
}

interface Clock {
  click?: number;
  shown?: number;
  firstIteration?: number;
  live?: number;
  liveIteration?: number;
}

/**
 * Notes, in the page's own clock: the click on Run, the first moment the run view shows a picture in
 * the Result column (data-preview "original" or "live"), and the first live preview.
 */
export async function armRunClock(page: Page, runView: string): Promise<void> {
  await page.evaluate((sel) => {
    const clock: Clock = {};
    (window as unknown as { runClock: Clock }).runClock = clock;
    document.addEventListener(
      "click",
      (e) => {
        if (clock.click === undefined && (e.target as HTMLElement).closest(".actions button.primary")) clock.click = performance.now();
      },
      true,
    );
    new MutationObserver(() => {
      const v = document.querySelector(sel);
      const shown = v?.getAttribute("data-preview");
      if (clock.click === undefined || !v) return;
      if (clock.shown === undefined && (shown === "original" || shown === "live")) clock.shown = performance.now();
      if (clock.firstIteration === undefined && Number(v.getAttribute("data-iteration")) >= 1) clock.firstIteration = performance.now();
      if (clock.live === undefined && shown === "live") {
        clock.live = performance.now();
        clock.liveIteration = Number(v.getAttribute("data-iteration"));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, runView);
}

export interface RunTimes {
  /** The Result column shows the run: a picture (the content's pixels, where the run starts, or a preview) and the progress. */
  runShownMs: number;
  /** The engine's first iteration counted there. */
  firstIterationMs: number;
  /** The first live preview drawn there, and the iteration it shows (the engine sends one every few). */
  livePreviewMs: number;
  liveIteration: number;
}

/** The times from the click on Run (armRunClock), once the live preview has shown. */
export async function runClock(page: Page): Promise<RunTimes> {
  const c = await page.evaluate(() => (window as unknown as { runClock: Clock }).runClock);
  const { click, shown, firstIteration, live } = c;
  if (click === undefined || shown === undefined || firstIteration === undefined || live === undefined)
    throw new Error(`The run clock missed a moment: ${JSON.stringify(c)}`);
  const ms = (t: number) => Math.round(t - click);
  return { runShownMs: ms(shown), firstIterationMs: ms(firstIteration), livePreviewMs: ms(live), liveIteration: c.liveIteration ?? 0 };
}

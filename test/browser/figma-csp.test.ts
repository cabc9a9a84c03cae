/**
 * dist/ui.html as Figma's UI iframe really is: its text in a sandboxed `srcdoc` frame (a null
 * origin, no storage) with a Content-Security-Policy injected. With `worker-src data:` the engine
 * must run in a data: URL worker (a blob: one is refused there); with `worker-src 'none'` on the
 * panel's own thread, saying it is the slower mode. A PerformanceObserver for 'longtask' in the
 * panel's frame watches the run: past warm-up (Run to the first iteration, and each new working
 * size's set-up) the worker route must show no task over 100 ms; on the panel's thread, where a
 * shape first met later still compiles shaders (blocking, unlike in a worker; past warm-up only the
 * result's conversion at the end does), no task may spend over 100 ms on anything but those
 * compiles, which are measured and reported apart (each program's source is printed). Settings persist through the sandbox, never Web Storage.
 * One run per route: SwiftShader compiles shaders slowly.
 */
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PNG } from "pngjs";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RgbaImage } from "../../src/engine/types";
import { launchChromium, type Launched } from "../helpers/chromium";
import { ARTIFACTS, IMAGES, REPO } from "../helpers/paths";
import type { StaticServer } from "../helpers/static-server";
import { figmaCsp, HARNESS_PATH } from "./figma-harness";
import { CONTENT, serveFigmaHarness, STYLE } from "./figma-harness-server";
import { gramDistance, loadLiteWeights } from "./gram-distance";
import { openAdvanced, setSteps } from "./panel-steps";

const LONG_TASK_LIMIT_MS = 100;

interface Phase {
  count: number;
  maxMs: number;
  /** The longest of those tasks less its time blocked in shader compiles. */
  maxOtherMs: number;
  /** How many of them waited on a shader compile. */
  compiling: number;
}

interface Task {
  start: number;
  ms: number;
  /** Time blocked in shader compiles during it. */
  compileMs: number;
}

interface Measured {
  route: string;
  engine: string;
  backend: string;
  diagnostics: string[];
  /** Before Run (the panel opening, the engine starting); warm-up (Run → first iteration, and each new scale's set-up); the rest of the run. */
  open: Phase;
  warmUp: Phase;
  run: Phase;
  seconds: number;
}

function decode(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** The placed result is a 32 px PNG whose style statistics moved toward the style (by more than a fifth). */
async function expectStyled(page: Page): Promise<void> {
  const [png] = await page.evaluate(() => (window as unknown as { placed: Array<{ png: Uint8Array }> }).placed.map((p) => Array.from(p.png)));
  const result = decode(new Uint8Array(png));
  expect([result.width, result.height]).toEqual([32, 32]);
  const weights = await loadLiteWeights(join(REPO, "weights/lite"));
  try {
    const style = decode(await readFile(join(IMAGES, STYLE)));
    const content = decode(await readFile(join(IMAGES, CONTENT)));
    const [before, after] = [gramDistance(weights, content, style), gramDistance(weights, result, style)];
    console.log(`Gram distance to the style: content ${before.toExponential(3)} → result ${after.toExponential(3)}`);
    expect(after).toBeLessThan(before * 0.8);
  } finally {
    weights.dispose();
  }
}

function phase(tasks: Task[]): Phase {
  const max = (v: number[]) => Math.round(Math.max(0, ...v));
  return {
    count: tasks.length,
    maxMs: max(tasks.map((t) => t.ms)),
    maxOtherMs: max(tasks.map((t) => t.ms - t.compileMs)),
    compiling: tasks.filter((t) => t.compileMs > 0).length,
  };
}

async function waitForState(ui: Frame, states: string[], timeout: number): Promise<string> {
  await ui.waitForFunction((s) => s.includes(document.querySelector("main")?.dataset.state ?? ""), states, { timeout, polling: 200 });
  return (await ui.locator("main").getAttribute("data-state")) ?? "";
}

describe("Figma's UI iframe: srcdoc, null origin, injected CSP", () => {
  let browser: Launched;
  let server: StaticServer;

  beforeAll(async () => {
    server = await serveFigmaHarness();
    browser = await launchChromium({ viewport: { width: 340, height: 660 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(page: Page, workers: string, extra = ""): Promise<Frame> {
    await page.goto(`${server.url}${HARNESS_PATH.slice(1)}?csp=${encodeURIComponent(figmaCsp(workers))}${extra}`);
    let ui: Frame | undefined;
    for (const t0 = Date.now(); !ui && Date.now() - t0 < 30_000; await page.waitForTimeout(100)) ui = page.frames().find((f) => f.url() === "about:srcdoc");
    if (!ui) throw new Error("the srcdoc frame did not load");
    await ui.locator(".layer").nth(1).waitFor({ timeout: 30_000 });
    expect(await ui.evaluate(() => self.origin)).toBe("null");
    return ui;
  }

  async function measureRun(page: Page, ui: Frame): Promise<Measured> {
    const clickAt = await ui.evaluate(() => performance.now());
    const t0 = Date.now();
    await ui.getByRole("button", { name: "Run" }).click();
    const state = await waitForState(ui, ["done", "error", "cancelled"], 200_000);
    if (state !== "done") throw new Error(`run ended ${state}: ${await ui.locator(".message").allTextContents()}`);
    await page.waitForTimeout(300); // long-task entries are queued: let the last ones arrive
    const seen = await ui.evaluate(() => {
      const w = window as unknown as {
        __longTasks: Array<{ start: number; ms: number }>;
        __compiles: Array<[number, number]>;
        __shaderSources: Array<[number, string]>;
        __warmUp: Array<[number | null, number]>;
        __iterations: Array<[number, number, number]>;
        __states: Array<[number, string]>;
      };
      const tasks = w.__longTasks.map((t) => ({
        ...t,
        compileMs: w.__compiles.filter(([at]) => at >= t.start && at < t.start + t.ms).reduce((a, [, d]) => a + d, 0),
      }));
      return { tasks, warmUp: w.__warmUp, iterations: w.__iterations, states: w.__states, sources: w.__shaderSources };
    });
    if (seen.warmUp.length === 0) throw new Error("no iteration was ever shown");
    const windows = seen.warmUp.map(([a, b]) => [a ?? clickAt, b] as const);
    const inWarmUp = (t: Task) => windows.some(([a, b]) => t.start < b && t.start + t.ms > a);
    const during = seen.tasks.filter((t) => t.start >= clickAt);
    const { route, engine, backend } = await ui.evaluate(() => ({ ...document.documentElement.dataset }) as Record<string, string>);
    const m: Measured = {
      route,
      engine,
      backend,
      diagnostics: await ui.locator(".diagnostics li").allTextContents(),
      open: phase(seen.tasks.filter((t) => t.start < clickAt)),
      warmUp: phase(during.filter(inWarmUp)),
      run: phase(during.filter((t) => !inWarmUp(t))),
      seconds: (Date.now() - t0) / 1000,
    };
    // Where any task past warm-up fell: the last iteration shown before it.
    for (const t of during.filter((t) => !inWarmUp(t))) {
      const before = seen.iterations.filter(([at]) => at <= t.start).at(-1);
      for (const [at, src] of seen.sources.filter(([s]) => s >= t.start && s < t.start + t.ms))
        console.log(`  built at +${Math.round(at - t.start)} ms: ${src}`);
      const end = seen.states.find(([at, s]) => at >= t.start && s !== "running");
      console.log(
        `long task past warm-up: ${Math.round(t.ms)} ms (${Math.round(t.compileMs)} ms of it in shader compiles), ${before ? `after iteration ${before[1]} (scale ${before[2]}) by ${Math.round(t.start - before[0])} ms` : "before any iteration"}${end ? `, ${Math.round(end[0] - t.start)} ms before "${end[1]}"` : ""}`,
      );
    }
    console.log(
      `route ${m.route} (${m.backend}), run ${m.seconds.toFixed(1)} s; long tasks: open ${JSON.stringify(m.open)}, warm-up ${JSON.stringify(m.warmUp)}, after warm-up ${JSON.stringify(m.run)}; ${m.diagnostics.join(" | ")}`,
    );
    return m;
  }

  it("worker-src data: → the engine runs in a data: URL worker and the panel never blocks after warm-up", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    try {
      const ui = await open(page, "data:");
      const m = await measureRun(page, ui);
      expect([m.route, m.engine, m.backend]).toEqual(["data-url-worker", "worker", "webgl"]);
      expect(await ui.locator('[data-note="panel-thread"]').count()).toBe(0);
      expect(m.run.maxMs).toBeLessThan(LONG_TASK_LIMIT_MS);
      expect(await page.evaluate(() => (window as unknown as { placed: unknown[] }).placed.length)).toBe(1);
    } finally {
      await page.close();
    }
  });

  it("worker-src 'none' → the panel's thread, said to be slower, no task over 100 ms past warm-up but its shader compiles, no synchronous GPU read, and Cancel within one iteration", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    try {
      const ui = await open(page, "'none'");
      const m = await measureRun(page, ui);
      expect([m.route, m.engine, m.backend]).toEqual(["panel-thread", "main", "webgl"]);
      // Both workers were tried first and said why they were passed over.
      expect(m.diagnostics.filter((d) => d.startsWith("Passed over: worker"))).toHaveLength(2);
      expect(await ui.locator('[data-note="panel-thread"]').textContent()).toMatch(/the slower mode/);
      // Past each scale's first iteration no new shape is met (L-BFGS's history keeps one shape); the
      // one stage that compiles is the result's conversion at the end (its own programs, once). The
      // bound is on the rest of each task, compiles apart: the CI run that held the whole task to it
      // failed at 101 ms, a 50 ms compile plus the rest stretched by the machine's load.
      expect(m.run.compiling).toBeLessThanOrEqual(1);
      expect(m.run.maxOtherMs).toBeLessThan(LONG_TASK_LIMIT_MS);
      const reads = await ui.evaluate(() =>
        (({ __syncReads, __bufferReads }) => ({ sync: __syncReads, buffered: __bufferReads }))(
          window as unknown as { __syncReads: number; __bufferReads: number },
        ),
      );
      console.log(`GPU reads on the panel's thread: ${reads.sync} synchronous, ${reads.buffered} into pixel-pack buffers`);
      expect(reads.buffered).toBeGreaterThan(0); // the probe sees the engine's reads
      expect(reads.sync).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { placed: unknown[] }).placed.length)).toBe(1);
      await expectStyled(page); // the panel thread's shaders (shapes as uniforms) compute the same style transfer
      await openAdvanced(ui); // the diagnostics, in the screenshot
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator("#ui").screenshot({ path: join(ARTIFACTS, "figma-panel-thread.png") });

      // Cancel answers within one iteration on the panel's thread too (shaders warm by now).
      await setSteps(ui, 300);
      await ui.getByRole("button", { name: "Run" }).click();
      await ui.waitForFunction(() => Number(document.querySelector("progress")?.dataset.iteration ?? 0) >= 2, undefined, { timeout: 60_000, polling: 50 });
      // In the frame: the iteration shown when the click reaches the panel, the highest shown after
      // it, and the click's input delay (Event Timing).
      await ui.evaluate(() => {
        const w = window as unknown as { __cancel: { atClick: number; after: number; delayMs: number } };
        const shown = () => Number(document.querySelector("progress")?.dataset.iteration ?? 0);
        w.__cancel = { atClick: -1, after: 0, delayMs: -1 };
        document.addEventListener(
          "click",
          (e) => {
            if ((e.target as HTMLElement).textContent?.trim() === "Cancel") w.__cancel.atClick = shown();
          },
          { capture: true },
        );
        new MutationObserver(() => {
          if (w.__cancel.atClick >= 0) w.__cancel.after = Math.max(w.__cancel.after, shown());
        }).observe(document, { subtree: true, attributes: true, childList: true });
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as PerformanceEventTiming[]) if (e.name === "click") w.__cancel.delayMs = Math.round(e.processingStart - e.startTime);
        }).observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);
      });
      const t0 = Date.now();
      await ui.getByRole("button", { name: "Cancel" }).click();
      expect(await waitForState(ui, ["cancelled", "error", "done"], 30_000)).toBe("cancelled");
      const ms = Date.now() - t0;
      await page.waitForTimeout(200);
      const c = await ui.evaluate(() => (window as unknown as { __cancel: { atClick: number; after: number; delayMs: number } }).__cancel);
      console.log(
        `panel thread: Cancel reached the panel at iteration ${c.atClick} (input delay ${c.delayMs < 0 ? "under 16" : c.delayMs} ms, Playwright's click and the answer ${ms} ms); highest iteration shown after it ${c.after}`,
      );
      expect(c.atClick).toBeGreaterThanOrEqual(2);
      expect(c.after).toBeLessThanOrEqual(c.atClick + 1);
      expect(await page.evaluate(() => (window as unknown as { placed: unknown[] }).placed.length)).toBe(1);
    } finally {
      await page.close();
    }
  });

  it("worker-src blob: → the data: URL worker is refused and the blob: URL one takes over", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    try {
      const ui = await open(page, "blob:");
      // The route is known once the engine starts (on Run); no need to finish the run.
      await ui.getByRole("button", { name: "Run" }).click();
      await ui.waitForFunction(() => !!document.documentElement.dataset.route, undefined, { timeout: 60_000 });
      await ui.getByRole("button", { name: "Cancel" }).click();
      expect(await ui.evaluate(() => [document.documentElement.dataset.route, document.documentElement.dataset.engine])).toEqual(["blob-url-worker", "worker"]);
      expect(await ui.locator(".diagnostics li").allTextContents()).toEqual([
        expect.stringMatching(/^Engine: worker \(blob: URL\), webgl$/),
        expect.stringMatching(/^Passed over: worker \(data: URL\): /),
      ]);
    } finally {
      await page.close();
    }
  });

  it("a worker without WebGL, while the page has it, gives way to the panel's thread (the other worker route skipped)", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    try {
      // No WebGL in the engine's worker only (a GPU blocklisted for OffscreenCanvas): see the harness.
      const ui = await open(page, "data: blob:", "&noWorkerWebgl=1");
      await ui.getByRole("button", { name: "Run" }).click();
      await ui.waitForFunction(() => !!document.documentElement.dataset.route, undefined, { timeout: 60_000 });
      await ui.getByRole("button", { name: "Cancel" }).click();
      expect(await ui.evaluate(() => [document.documentElement.dataset.route, document.documentElement.dataset.backend])).toEqual(["panel-thread", "webgl"]);
      expect(await ui.locator(".diagnostics li").allTextContents()).toEqual([
        "Engine: panel thread, webgl",
        "Passed over: worker (data: URL): no WebGL in the worker, while the page has it",
      ]);
    } finally {
      await page.close();
    }
  });

  it("storage APIs throw there; the settings still persist through the sandbox (figma.clientStorage)", async () => {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    try {
      let ui = await open(page, "data:", "&keep=1");
      const refused = await ui.evaluate(async () => {
        const tries: Record<string, () => unknown> = {
          localStorage: () => window.localStorage.getItem("x"),
          indexedDB: () => window.indexedDB.open("x"),
          caches: () => window.caches.keys(),
        };
        const out: Record<string, string> = {};
        for (const [name, f] of Object.entries(tries)) {
          try {
            await f();
            out[name] = "allowed";
          } catch (e) {
            out[name] = (e as Error).name;
          }
        }
        return out;
      });
      console.log(`storage in the panel's frame: ${JSON.stringify(refused)}`);
      expect(refused.localStorage).toBe("SecurityError");
      expect(refused.indexedDB).toBe("SecurityError");
      expect(refused.caches).not.toBe("allowed");

      await setSteps(ui, 7);
      await page.waitForFunction(() => (window as unknown as { saved: Array<{ iterations: number }> }).saved.some((s) => s.iterations === 7), undefined, {
        timeout: 10_000,
      });
      ui = await open(page, "data:", "&keep=1"); // the panel opened again

      await ui.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="iterations"]')?.value === "7", undefined, { timeout: 10_000 });
    } finally {
      await page.close();
    }
  });
});

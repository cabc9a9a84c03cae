/**
 * `npm run bench:estimate`: how honest the panel's estimate and ETA are, on the real panel
 * (dist/ui.html in the Figma harness, headless Chromium, WebGL on whatever the machine has).
 * For each content/style pair from ../shared/images and each size: the time from the layers
 * shown to the first estimate, the estimate shown before Run (once the probe has refined it), the
 * real time from the click on Run to done, and the ETA shown at each progress point from a quarter
 * of the way on, each against the time that was really left. JSON on stdout (or --json FILE), a
 * table on stderr, the load average beside it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openFigmaPanel } from "../test/browser/figma-harness-server";
import { IMAGES } from "../test/helpers/paths";

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["content_tubingen.jpg", "style_starry_night.jpg"],
  ["content_chelsea.jpg", "style_great_wave.jpg"],
  ["content_astronaut.jpg", "style_the_scream.jpg"],
];

/** A JPEG's size from its start-of-frame marker (the harness lists each layer with its size). */
function jpegSize(bytes: Uint8Array): [number, number] {
  let i = 2;
  while (i + 9 < bytes.length) {
    const marker = bytes[i + 1];
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker >= 0xc0 && marker <= 0xc3) return [(bytes[i + 7] << 8) | bytes[i + 8], (bytes[i + 5] << 8) | bytes[i + 6]];
    i += 2 + len;
  }
  throw new Error("not a JPEG with a frame header");
}

interface Sample {
  /** ms since the click on Run. */
  t: number;
  iteration: number;
  fraction: number;
  etaMs: number;
  slower: boolean;
}

interface RunRecord {
  content: string;
  style: string;
  size: number;
  iterations: number;
  /** From the layers shown to the first figure (a range) and to the probe's figure. */
  firstEstimateS: number;
  firstEstimateText: string;
  probedS: number;
  estimateMs: number;
  estimateText: string;
  realMs: number;
  /** estimate / real − 1. */
  estimateError: number;
  /** Each ETA from a quarter of the way on: its error against the time really left (eta / left − 1). */
  etaErrors: Array<{ iteration: number; fraction: number; etaMs: number; leftMs: number; error: number; slower: boolean }>;
  /**
   * The worst and the mean |error| over the points with two iterations or more still to run (the last
   * one's figure is one iteration's time, and the stop rule may end the run there instead).
   */
  worstEtaError: number;
  meanAbsEtaError: number;
  /** The engine's own time (the done message's), the estimate the run taught (same settings), and the panel's log lines. */
  engineS: number;
  learntMs: number;
  log: string[];
  loadBefore: number;
  loadAfter: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The worst and mean |error| of the ETAs with two iterations or more to run (fraction = iteration / total). */
function etaSummary(points: RunRecord["etaErrors"]): { worstEtaError: number; meanAbsEtaError: number } {
  const judged = points.filter((e) => e.iteration / e.fraction - e.iteration >= 2 - 1e-6);
  return {
    worstEtaError: judged.reduce((a, e) => (Math.abs(e.error) > Math.abs(a) ? e.error : a), 0),
    meanAbsEtaError: round(judged.reduce((a, e) => a + Math.abs(e.error), 0) / Math.max(1, judged.length)),
  };
}

async function one(content: string, style: string, size: number, iterations: number): Promise<RunRecord> {
  const png = (f: string) => new Uint8Array(readFileSync(join(IMAGES, f)));
  const layer = (id: string, name: string, f: string) => {
    const bytes = png(f);
    const [width, height] = jpegSize(bytes);
    return { id, name, width, height, src: `/layers/${id.replace(":", "-")}.jpg`, png: bytes };
  };
  const loadBefore = loadavg()[0];
  const log: string[] = [];
  const panel = await openFigmaPanel({
    settings: { size, iterations, preset: "lite" },
    layers: [layer("1:2", content, content), layer("1:3", style, style)],
    viewport: { width: 340, height: 1000 },
    beforeGoto: (page) => void page.on("console", (m) => m.text().startsWith("restyle:") && log.push(m.text())),
  });
  try {
    const { ui } = panel;
    const t0 = Date.now();
    const est = ui.locator(".actions .estimate");
    await est.waitFor({ timeout: 60_000 });
    const firstEstimateS = (Date.now() - t0) / 1000;
    const firstEstimateText = (await est.textContent()) ?? "";
    await ui.locator('.actions .estimate[data-estimate-source="probe"]').waitFor({ timeout: 120_000 });
    const probedS = (Date.now() - t0) / 1000;
    const estimateMs = Number(await est.getAttribute("data-estimate-ms"));
    const estimateText = (await est.textContent()) ?? "";
    // A recorder in the panel's own frame: no round trip per sample.
    await ui.evaluate(() => {
      const w = window as unknown as { samples: Sample[]; t0: number };
      w.samples = [];
      w.t0 = performance.now();
      const tick = () => {
        const bar = document.querySelector<HTMLProgressElement>(".status progress");
        const eta = document.querySelector<HTMLElement>(".status .eta");
        const ms = Number(eta?.dataset.etaMs ?? NaN);
        if (bar && Number.isFinite(ms))
          w.samples.push({
            t: performance.now() - w.t0,
            iteration: Number(bar.dataset.iteration),
            fraction: bar.position,
            etaMs: ms,
            slower: eta?.dataset.slower === "true",
          });
        if (!["done", "error"].includes(document.querySelector("main")?.dataset.state ?? "")) setTimeout(tick, 100);
      };
      tick();
    });
    const clicked = Date.now();
    await ui.getByRole("button", { name: "Run" }).click();
    await ui.waitForFunction(() => ["done", "error"].includes(document.querySelector("main")?.dataset.state ?? ""), undefined, {
      timeout: 900_000,
      polling: 100,
    });
    const realMs = Date.now() - clicked;
    if ((await ui.locator("main").getAttribute("data-state")) !== "done")
      throw new Error(`the run of ${content} failed: ${await ui.locator(".message").textContent()}`);
    const engineS = Number(/in ([\d.]+) s/.exec((await ui.locator(".message.done").textContent()) ?? "")?.[1]);
    await ui.locator('.actions .estimate[data-estimate-source="run"]').waitFor({ timeout: 10_000 });
    const learntMs = Number(await est.getAttribute("data-estimate-ms"));
    const samples = await ui.evaluate(() => (window as unknown as { samples: Sample[]; t0: number }).samples);
    const lag = (await ui.evaluate(() => performance.now() - (window as unknown as { t0: number }).t0)) - (Date.now() - clicked);
    const etaErrors = samples
      .filter((s) => s.fraction >= 0.25 && s.fraction < 1)
      .map((s) => {
        const leftMs = realMs - (s.t - lag);
        return {
          iteration: s.iteration,
          fraction: round(s.fraction),
          etaMs: Math.round(s.etaMs),
          leftMs: Math.round(leftMs),
          error: round(s.etaMs / leftMs - 1),
          slower: s.slower,
        };
      })
      // Only the last sample of each progress point (the figure a person read there).
      .filter((s, i, all) => i === all.length - 1 || all[i + 1].fraction !== s.fraction);
    return {
      content,
      style,
      size,
      iterations,
      firstEstimateS: round(firstEstimateS, 2),
      firstEstimateText,
      probedS: round(probedS, 2),
      estimateMs: Math.round(estimateMs),
      estimateText,
      realMs,
      estimateError: round(estimateMs / realMs - 1),
      etaErrors,
      ...etaSummary(etaErrors),
      engineS,
      learntMs: Math.round(learntMs),
      log,
      loadBefore: round(loadBefore, 2),
      loadAfter: round(loadavg()[0], 2),
    };
  } finally {
    await panel.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "64,128" },
      iterations: { type: "string", default: "20" },
      pairs: { type: "string", default: String(PAIRS.length) },
      json: { type: "string" },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const iterations = Number(values.iterations);
  const records: RunRecord[] = [];
  for (const [content, style] of PAIRS.slice(0, Number(values.pairs))) {
    for (const size of sizes) {
      const r = await one(content, style, size, iterations);
      records.push(r);
      process.stderr.write(
        `${content} × ${style} @ ${size} px: first "${r.firstEstimateText}" after ${r.firstEstimateS} s; "${r.estimateText}" after ${r.probedS} s; ` +
          `estimate ${(r.estimateMs / 1000).toFixed(1)} s vs real ${(r.realMs / 1000).toFixed(1)} s (${(r.estimateError * 100).toFixed(0)} %); ` +
          `ETA from ¼ on: worst ${(r.worstEtaError * 100).toFixed(0)} %, mean |error| ${(r.meanAbsEtaError * 100).toFixed(0)} % over ${r.etaErrors.length} points; load ${r.loadBefore} → ${r.loadAfter}\n`,
      );
    }
  }
  const report = {
    host: { cpus: cpus().length, model: cpus()[0]?.model ?? "", loadavg: loadavg().map((x) => round(x, 2)) },
    target: { estimate: 0.35, eta: 0.25 },
    worstEstimateError: records.reduce((a, r) => (Math.abs(r.estimateError) > Math.abs(a) ? r.estimateError : a), 0),
    worstEtaError: records.reduce((a, r) => (Math.abs(r.worstEtaError) > Math.abs(a) ? r.worstEtaError : a), 0),
    runs: records,
  };
  const json = JSON.stringify(report, null, 1);
  if (values.json) writeFileSync(values.json, json);
  else process.stdout.write(json + "\n");
}

await main();

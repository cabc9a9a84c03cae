/**
 * The 1440 × 960 frame of the painting-at-size tests (test/plugin/paint-at-size.test.ts in Node,
 * test/browser/figma-detail.test.ts in the real panel), its style, and the seam measures.
 */
import { PNG } from "pngjs";
import { convStrategyFor } from "../../src/engine/conv-strategy";
import { DEFAULT_OPTIONS } from "../../src/engine/defaults";
import { presetTaps, scalePlan, type PlannedScale } from "../../src/engine/scale-plan";
import type { PanelSettings } from "../../src/shared/settings";
import { exportSides } from "../../src/ui/run/plan";
import { tileGrid } from "../../src/engine/tiles";

export const W = 1440;
export const H = 960;

/** The scales the panel plans for the frame at these settings (the engine's own rule, scale-plan.ts), on `backend`'s conv paths at the default budget. */
export function framePlan(settings: PanelSettings, backend: string): PlannedScale[] {
  const { taps, contentLayer } = presetTaps(settings.preset);
  const sides = exportSides(settings, { id: "frame", name: "Frame", width: W, height: H });
  return scalePlan({
    contentWidth: W,
    contentHeight: H,
    size: sides.content,
    workingSize: sides.workingSize,
    taps,
    contentLayer,
    iterations: settings.iterations,
    historySize: DEFAULT_OPTIONS.historySize,
    memoryBudgetMB: DEFAULT_OPTIONS.memoryBudgetMB!,
    conv: convStrategyFor(backend),
    hostState: true,
  });
}

/** A 1440 × 960 frame's export: soft oblique waves and a few shapes (no axis-aligned lines, so a seam would stand out). */
export function framePng(): Uint8Array {
  const png = new PNG({ width: W, height: H });
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const disc = Math.hypot(x - 900, y - 420) < 260 ? 90 : 0;
      png.data[i] = 120 + 80 * Math.sin((x + 0.6 * y) / 37) + disc * 0.5;
      png.data[i + 1] = 110 + 70 * Math.sin((0.7 * x - y) / 53);
      png.data[i + 2] = 140 + 60 * Math.cos((x * 0.3 + y) / 29) - disc;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** A 256 × 192 style: bold strokes at two scales. */
export function stylePng(): Uint8Array {
  const png = new PNG({ width: 256, height: 192 });
  for (let y = 0; y < 192; y++) {
    for (let x = 0; x < 256; x++) {
      const i = (y * 256 + x) * 4;
      const s = Math.sin(x / 3 + Math.sin(y / 11) * 4) + Math.sin((x + y) / 17);
      png.data[i] = s > 0 ? 240 : 30;
      png.data[i + 1] = 60 + 60 * s;
      png.data[i + 2] = s > 1 ? 220 : 40;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/**
 * The largest ratio of one column's (or row's) mean gradient magnitude to the median of its 16
 * neighbours: a tile seam is a line of elevated gradient, so it shows as a spike here.
 */
export function seamRatio(data: Uint8Array, w: number, h: number): number {
  const lum = (x: number, y: number) => {
    const i = (y * w + x) * 4;
    return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  };
  const cols = Array.from({ length: w - 1 }, (_, x) => {
    let s = 0;
    for (let y = 0; y < h; y++) s += Math.abs(lum(x + 1, y) - lum(x, y));
    return s / h;
  });
  const rows = Array.from({ length: h - 1 }, (_, y) => {
    let s = 0;
    for (let x = 0; x < w; x++) s += Math.abs(lum(x, y + 1) - lum(x, y));
    return s / w;
  });
  const worst = (line: number[]) => {
    let r = 0;
    for (let i = 8; i < line.length - 8; i++) {
      const around = [...line.slice(i - 8, i), ...line.slice(i + 1, i + 9)].sort((a, b) => a - b);
      r = Math.max(r, line[i] / Math.max(1e-6, (around[7] + around[8]) / 2));
    }
    return r;
  };
  return Math.max(worst(cols), worst(rows));
}

/** Each tiled scale's inner tile borders, in the output's pixels (a coarse scale's seam would be carried up, resampled). */
export function tileBorders(plan: PlannedScale[]): Array<{ scale: number; axis: "x" | "y"; at: number }> {
  const { taps } = presetTaps("lite");
  return plan
    .filter((s) => s.tiles > 1)
    .flatMap((s) => {
      const grid = tileGrid(s.width, s.height, s.cols, s.rows, taps);
      const scale = Math.max(s.width, s.height);
      const xs = [...new Set(grid.map((t) => t.x0).filter((v) => v > 0))].map((x) => ({ scale, axis: "x" as const, at: Math.round((x * W) / s.width) }));
      const ys = [...new Set(grid.map((t) => t.y0).filter((v) => v > 0))].map((y) => ({ scale, axis: "y" as const, at: Math.round((y * H) / s.height) }));
      return [...xs, ...ys];
    });
}

/** |∇I| across the pixel boundary before `at` (columns for x, rows for y), averaged over the line and RGB; and the mean of the same 3–6 px either side. */
export function borderGradient(data: Uint8Array, axis: "x" | "y", at: number): [number, number] {
  const line = (k: number) => {
    let s = 0;
    const n = axis === "x" ? H : W;
    for (let j = 0; j < n; j++) {
      const [i, prev] = axis === "x" ? [(j * W + k) * 4, (j * W + k - 1) * 4] : [(k * W + j) * 4, ((k - 1) * W + j) * 4];
      for (let c = 0; c < 3; c++) s += Math.abs(data[i + c] - data[prev + c]);
    }
    return s / (3 * n);
  };
  const near = [-6, -5, -4, -3, 3, 4, 5, 6].map((d) => line(at + d));
  return [line(at), near.reduce((a, b) => a + b, 0) / near.length];
}

/** Each tiled scale's inner borders (|∇I| at the border against the mean 3–6 px either side), and the most elevated line's ratio to its neighbours. */
export function seams(data: Uint8Array, plan: PlannedScale[]) {
  const borders = tileBorders(plan).map((b) => {
    const [gradient, near] = borderGradient(data, b.axis, b.at);
    return { scale: b.scale, axis: b.axis, position: b.at, gradient, near };
  });
  return { borders, ratio: seamRatio(data, W, H) };
}

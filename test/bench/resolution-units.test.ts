import { describe, expect, it } from "vitest";
import { parseBenchArgs, RESOLUTION_PARTS } from "../../benchmarks/bench-args";
import { summariseCoarseToFine } from "../../benchmarks/coarse-to-fine";
import { cropSheet } from "../../benchmarks/quality-at-size";
import { formatResolution, type ResolutionReport } from "../../benchmarks/resolution-report";
import type { RgbaImage } from "../../src/engine/types";

const shared = { shared: "/x" };

describe("bench: the resolution section's settings", () => {
  it("is off in a default run, and --only resolution runs it alone with the issue's sizes", () => {
    const d = parseBenchArgs([], shared);
    expect(d !== "help" && d.resolution).toBeUndefined();
    expect(d !== "help" && d.timing).toBe(true);
    const s = parseBenchArgs(["--only", "resolution"], shared);
    if (s === "help" || !s.resolution) throw new Error("expected settings with the resolution section");
    expect([s.timing, s.quality]).toEqual([false, false]);
    expect(s.resolution.wasmSizes).toEqual([512, 1024, 2048]);
    expect(s.resolution.webglSizes).toEqual([512, 1024]);
    expect(s.resolution.parts).toEqual([...RESOLUTION_PARTS]);
    expect(s.resolution.memoryBudgetMB).toBe(1024);
  });

  it("adds the section to the others with --resolution, narrows its parts, and refuses unknown names", () => {
    const s = parseBenchArgs(["--resolution", "--resolution-parts", "tiles,4096", "--overhead-sizes", "1024"], shared);
    if (s === "help" || !s.resolution) throw new Error("expected settings with the resolution section");
    expect(s.timing).toBe(true);
    expect(s.resolution.parts).toEqual(["tiles", "4096"]);
    expect(s.resolution.overheadSizes).toEqual([1024]);
    expect(() => parseBenchArgs(["--only", "resolution", "--resolution-parts", "seams"], shared)).toThrow(/unknown seams/);
    expect(() => parseBenchArgs(["--only", "speed"], shared)).toThrow(/choose from timing, quality, resolution/);
    const q = parseBenchArgs(["--only", "quality,timing"], shared);
    expect(q !== "help" && [q.timing, q.quality, q.resolution]).toEqual([true, true, undefined]);
  });
});

describe("bench: coarse-to-fine summary", () => {
  it("targets the one-scale run's final loss and counts each variant's evaluations to it", () => {
    const one = {
      method: "one",
      finalLoss: 100,
      equivalentEvals: 50,
      seconds: 9,
      points: [20, 50].map((e, i) => ({ evals: e, seconds: e / 5, loss: [150, 100][i] })),
    };
    const c2f = {
      method: "c2f",
      finalLoss: 95,
      equivalentEvals: 40,
      seconds: 8,
      points: [12, 30, 40].map((e, i) => ({ evals: e, seconds: e / 5, loss: [300, 99, 95][i] })),
    };
    const never = { method: "never", finalLoss: 120, equivalentEvals: 60, seconds: 9, points: [{ evals: 60, seconds: 9, loss: 120 }] };
    const vs = [1, 2, 3].map((k) => ({ name: `v${k}`, scales: [1] }));
    const r = summariseCoarseToFine(128, vs, [one, c2f, never]);
    expect(r.target).toBe(100);
    expect(r.rows.map((x) => x.toTarget?.evals ?? null)).toEqual([50, 30, null]);
    expect(r.rows.map((x) => x.firstFineLoss)).toEqual([150, 300, 120]);
  });
});

describe("bench: quality sheet and table", () => {
  it("puts each region's 1:1 crops side by side, left then right, regions stacked", () => {
    const img = (w: number, h: number, base: number): RgbaImage => {
      const data = new Uint8ClampedArray(w * h * 4);
      for (let i = 0; i < w * h; i++) data.set([base, i % w, Math.floor(i / w), 255], i * 4);
      return { width: w, height: h, data };
    };
    const sheet = cropSheet(
      img(10, 8, 1),
      img(10, 8, 2),
      [
        [0, 0],
        [6, 4],
      ],
      3,
      1,
    );
    expect([sheet.width, sheet.height]).toEqual([7, 7]);
    const px = (x: number, y: number) => Array.from(sheet.data.subarray((y * 7 + x) * 4, (y * 7 + x) * 4 + 4));
    expect(px(0, 0)).toEqual([1, 0, 0, 255]);
    expect(px(4, 2)).toEqual([2, 0, 2, 255]); // right image, region 1, its (0, 2)
    expect(px(3, 0)).toEqual([255, 255, 255, 255]); // the gap
    expect(px(6, 6)).toEqual([2, 8, 6, 255]); // right image, region 2 at (6, 4), its (2, 2)
  });

  it("writes a line per row with the ratio to the reference, the load, the 4096 px plan and the tile overhead", () => {
    const r: ResolutionReport = {
      reference: { backend: "wasm", size: [512, 384], evaluationSeconds: 8 },
      memoryBudgetMB: 1024,
      rows: [
        {
          backend: "wasm",
          long: 2048,
          load: [[9.5], [10]],
          evaluationXReference: 20.5,
          result: {
            backend: "wasm",
            size: [2048, 1536],
            tiles: 9,
            grid: [3, 3],
            optimizer: "adam",
            modelledPeakBytes: 2 ** 30,
            withinBudget: true,
            evaluation: { seconds: 164, peakBytes: 2 ** 29 },
          },
        },
        { backend: "webgl", long: 1024, load: [[9], [9]], error: "timed out" },
      ],
      at4096: [{ memoryBudgetMB: 256, plan: [], modelledPeakMB: 1700, withinBudget: false, check: { notRun: "model only" }, load: [[1], [1]] }],
      tileOverhead: [
        {
          target: 1.3,
          long: 1024,
          load: [[0.5], [1.1]],
          preset: "lite",
          size: [1024, 768],
          untiled: { seconds: 22.6, cpuSeconds: 22.9, peakBytes: 1, forwardCpuSeconds: 7, modelBytes: 2 },
          tiled: { seconds: 28.25, peakBetweenTilesBytes: 1, tiles: 3, grid: [3, 1], tileModelBytes: 1 },
          cropAreaRatio: 1.078,
          passOneAreaRatio: 0.727,
          tileOverhead: 28.25 / 22.6,
          tileOverheadCpu: 1.2571,
          tileOverheadFloor: 1.3004,
        },
        { target: 1.3, long: 512, load: [[1], [1]], error: "timed out" },
      ],
    };
    const text = formatResolution(r).join("\n");
    expect(text).toContain("wasm 2048 px (2048×1536, 9 tiles, adam): evaluation 164 s (20.5× the reference), peak 512 MB");
    expect(text).toContain("load 9.5→10");
    expect(text).toContain("webgl 1024 px: timed out");
    expect(text).toContain("4096 px at 256 MiB: modelled peak 1700 MiB, over the budget; model only");
    expect(text).toContain("tile overhead 1024×768, 3×1: 28.25 s / 22.60 s = 1.25× (CPU 1.26×, floor 1.30×; target ≤ 1.3×; load 0.5→1.1)");
    expect(text).toContain("tile overhead at 512 px: timed out");
  });
});

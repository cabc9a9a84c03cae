/** The pre-run estimate's cost model (estimate.ts), the probe and the rate a run teaches (estimate-probe.ts), and the words. */
import { describe, expect, it } from "vitest";
import { iterationFlops } from "../../../benchmarks/flops";
import { scheduleSizes } from "../../../src/engine/scale-sizes";
import type { Progress } from "../../../src/engine/types";
import type { LayerInfo } from "../../../src/shared/layers";
import { AUTO_SIZE, DEFAULT_SETTINGS, DRAFT_SIZE } from "../../../src/shared/settings";
import {
  estimateRunMs,
  EVALUATIONS_PER_ITERATION,
  expectedIterations,
  formatEstimate,
  panelEstimate,
  panelRunShape,
  PRESET_COST,
  PROBE_ITERATIONS,
  PROBE_SIDE,
  panelEstimateMs,
  scaleShape,
  setupEvaluations,
  FORWARD_SHARE,
  TYPICAL_STOP_ITERATIONS,
  type DeviceRate,
  type RunShape,
} from "../../../src/ui/run/estimate";
import { probeInput, probeOptions, probePoint, rateFromPoint, RunRateMeter } from "../../../src/ui/run/estimate-probe";

// No setup cost: the hand-computed sums below are the evaluations alone (setup has its own case).
const rate: DeviceRate = { fixedMs: 100, msPerPixel: 0.01, setupMs: 0, backend: "test" };
// Three scales, so the sum over scales is checked (the default runs one).
const THREE = [0.25, 0.5, 1];
/** Untiled scales at the coarse-to-fine sizes of a w × h working size, each with the same cap. */
const scaleSizes = (w: number, h: number, scales: readonly number[] = [1], iterations = 60) =>
  scheduleSizes(w, h, scales).map(([cw, ch]) => ({ width: cw, height: ch, iterations, crops: [[cw, ch] as const] }));
const shape = (over: Partial<RunShape> = {}, iterations = 60): RunShape => ({
  preset: "lite",
  stopTolerance: 0.0025,
  styleCount: 1,
  contents: [scaleSizes(64, 64, THREE, iterations)],
  ...over,
});
const layer = (id: string, width: number, height: number): LayerInfo => ({ id, name: id, width, height }) as LayerInfo;

describe("the run's cost model", () => {
  it("a hand-computed case: 64 px, three scales, 60 iterations, one style", () => {
    expect(scheduleSizes(64, 64, THREE)).toEqual([
      [16, 16],
      [32, 32],
      [64, 64],
    ]);
    // Per scale: 1 start evaluation + (1 content + 1 style) forward passes at a third each + 60 × 1.05.
    expect(EVALUATIONS_PER_ITERATION).toBe(1.05);
    expect(setupEvaluations(1)).toBeCloseTo(1 + 2 / 3, 12);
    // One evaluation: 100 ms + 0.01 ms per pixel, at 256, 1,024 and 4,096 px: 102.56 + 110.24 + 140.96 = 353.76 ms.
    expect(estimateRunMs(rate, shape())).toBeCloseTo((1 + 2 / 3 + 63) * 353.76, 6);
    // The full network: 2.4× per evaluation.
    expect(estimateRunMs(rate, shape({ preset: "full" }))).toBeCloseTo(2.4 * (1 + 2 / 3 + 63) * 353.76, 6);
  });

  it("grows with the size, the preset, the iterations and the batch, and never shrinks", () => {
    const sizes = [16, 32, 48, 64, 100, 128, 200, 256, 384, 512];
    const bySize = sizes.map((s) => estimateRunMs(rate, shape({ contents: [scaleSizes(s, Math.round(s * 0.75))] })));
    for (let i = 1; i < bySize.length; i++) expect(bySize[i]).toBeGreaterThan(bySize[i - 1]);
    expect(estimateRunMs(rate, shape({ preset: "full" }))).toBeGreaterThan(estimateRunMs(rate, shape()));
    const byIterations = [1, 10, 60, 100, 300].map((n) => estimateRunMs(rate, shape({ stopTolerance: 0 }, n)));
    for (let i = 1; i < byIterations.length; i++) expect(byIterations[i]).toBeGreaterThan(byIterations[i - 1]);
    const byBatch = [1, 2, 3, 10].map((n) => estimateRunMs(rate, shape({ contents: Array.from({ length: n }, () => scaleSizes(64, 64)) })));
    expect(byBatch[1]).toBeCloseTo(2 * byBatch[0], 6);
    for (let i = 1; i < byBatch.length; i++) expect(byBatch[i]).toBeGreaterThan(byBatch[i - 1]);
    expect(estimateRunMs(rate, shape({ styleCount: 3 }))).toBeGreaterThan(estimateRunMs(rate, shape()));
  });

  it("the convergence stop caps the expected iterations; with it off, the cap is what runs", () => {
    expect(expectedIterations(60, 0.0025)).toBe(60);
    expect(expectedIterations(1000, 0.0025)).toBe(TYPICAL_STOP_ITERATIONS);
    expect(expectedIterations(1000, 0)).toBe(1000);
    // Past the typical stop the estimate no longer grows with the cap.
    expect(estimateRunMs(rate, shape({}, 2000))).toBe(estimateRunMs(rate, shape({}, TYPICAL_STOP_ITERATIONS)));
  });

  it("the full network's cost factor is its FLOPs per pixel over the lite one's", () => {
    const ratio = iterationFlops("full", 256) / iterationFlops("lite", 256);
    expect(Math.abs(PRESET_COST.full / ratio - 1)).toBeLessThan(0.1);
    expect(PRESET_COST.lite).toBe(1);
  });

  it("the panel's run: Auto follows the layer up to 4096 px, from a ≤ 512 px first scale, one plan per content", () => {
    const small = panelRunShape(DEFAULT_SETTINGS, [layer("a", 64, 64)], 1);
    expect(DEFAULT_SETTINGS.size).toBe(AUTO_SIZE);
    expect(small.contents).toEqual([[{ width: 64, height: 64, iterations: DEFAULT_SETTINGS.iterations, crops: [[64, 64]] }]]);
    // At 2× density a 64 px layer runs at 128.
    expect(panelRunShape(DEFAULT_SETTINGS, [layer("a", 64, 64)], 1, 2).contents[0].at(-1)?.crops).toEqual([[128, 128]]);
    // 1440 × 960 at density 1: 512 → 1024 → 1440 (within 2.5× of 1024, so the output itself), each finer scale capped lower.
    const frame = panelRunShape(DEFAULT_SETTINGS, [layer("f", 1440, 960)], 1).contents[0];
    expect(frame.map((s) => [s.width, s.height])).toEqual([
      [512, 341],
      [1024, 683],
      [1440, 960],
    ]);
    expect(frame[0].crops).toEqual([[512, 341]]);
    for (let i = 1; i < frame.length; i++) expect(frame[i].iterations).toBeLessThan(frame[i - 1].iterations);
    // Tiled or not, a scale's crops cover its whole picture.
    for (const s of frame) expect(s.crops.reduce((a, [w, h]) => a + w * h, 0)).toBeGreaterThanOrEqual(s.width * s.height);
    const big = panelRunShape(DEFAULT_SETTINGS, [layer("a", 2000, 1000), layer("b", 100, 150)], 2, 2);
    expect(big.contents.map((c) => [c.at(-1)?.width, c.at(-1)?.height])).toEqual([
      [4000, 2000],
      [200, 300],
    ]);
    expect(big.styleCount).toBe(2);
    // Draft: one scale at ≤ 512 px.
    expect(panelRunShape({ ...DEFAULT_SETTINGS, size: DRAFT_SIZE }, [layer("f", 1440, 960)], 1).contents[0]).toEqual([
      { width: 512, height: 341, iterations: DEFAULT_SETTINGS.iterations, crops: [[512, 341]] },
    ]);
    // A fixed 256 px output: the working size follows it.
    expect(panelRunShape({ ...DEFAULT_SETTINGS, size: 256 }, [layer("a", 2000, 1000)], 1).contents[0]).toEqual([
      { width: 256, height: 128, iterations: DEFAULT_SETTINGS.iterations, crops: [[256, 128]] },
    ]);
    expect(estimateRunMs(rate, panelRunShape({ ...DEFAULT_SETTINGS, preset: "full" }, [layer("a", 64, 64)], 1))).toBeGreaterThan(estimateRunMs(rate, small));
  });

  it("sums every scale and every tile: a tiled scale costs each tile's crop at the tiled rate", () => {
    const taps = ["conv1_1", "conv2_1", "conv3_1", "conv3_2"];
    const tiled = scaleShape(
      {
        width: 1024,
        height: 768,
        tiles: 4,
        cols: 2,
        rows: 2,
        iterations: 30,
        optimizer: "lbfgs",
        historyPairs: 10,
        peakBytes: 0,
        withinBudget: true,
        state: "device",
      },
      taps,
    );
    expect(tiled.crops).toHaveLength(4);
    // Each crop is the tile's interior and its halo: more than a quarter of the picture, less than all of it.
    for (const [w, h] of tiled.crops) {
      expect(w).toBeGreaterThan(512);
      expect(w).toBeLessThan(1024);
      expect(h).toBeGreaterThan(384);
      expect(h).toBeLessThan(768);
    }
    const pixels = tiled.crops.reduce((a, [w, h]) => a + w * h, 0);
    const [lw, lh] = tiled.crops[3];
    // Pass 2 over every crop, pass 1 (a forward) over all but the last.
    const perEvaluation = 4 * rate.fixedMs + rate.msPerPixel * pixels + FORWARD_SHARE * (3 * rate.fixedMs + rate.msPerPixel * (pixels - lw * lh));
    const one = { width: 1024, height: 768, iterations: 30, crops: [[1024, 768]] as const };
    const run = (scales: RunShape["contents"][number]) => estimateRunMs(rate, { preset: "lite", stopTolerance: 0, styleCount: 1, contents: [scales] });
    expect(run([tiled])).toBeCloseTo((setupEvaluations(1) + 30 * EVALUATIONS_PER_ITERATION) * perEvaluation, 6);
    expect(run([tiled])).toBeGreaterThan(run([one]));
    // Scales add up.
    expect(run([one, tiled])).toBeCloseTo(run([one]) + run([tiled]), 6);
    // The panel's figure is the same sum, NaN until the device is measured.
    const frame = [layer("f", 1440, 960)];
    expect(panelEstimateMs(rate, DEFAULT_SETTINGS, frame, 1)).toBeCloseTo(estimateRunMs(rate, panelRunShape(DEFAULT_SETTINGS, frame, 1, 1, rate.backend)), 6);
    expect(panelEstimateMs(null, DEFAULT_SETTINGS, frame, 1)).toBeNaN();
  });
});

describe("the setup of each size", () => {
  it("costs once per scale and per distinct tile crop, at the preset's cost, apart from the evaluations", () => {
    const withSetup = { ...rate, setupMs: 5000 };
    // Three untiled scales: three sizes set up.
    expect(estimateRunMs(withSetup, shape()) - estimateRunMs(rate, shape())).toBeCloseTo(3 * 5000, 6);
    expect(estimateRunMs(withSetup, shape({ preset: "full" })) - estimateRunMs(rate, shape({ preset: "full" }))).toBeCloseTo(3 * 5000 * 2.4, 6);
    // A tiled scale whose four crops come in two sizes: two set-ups.
    const tiled = {
      width: 100,
      height: 100,
      iterations: 10,
      crops: [
        [60, 60],
        [60, 60],
        [60, 50],
        [60, 50],
      ] as const,
    };
    const run = (r: DeviceRate) => estimateRunMs(r, { preset: "lite", stopTolerance: 0, styleCount: 1, contents: [[tiled]] });
    expect(run(withSetup) - run(rate)).toBeCloseTo(2 * 5000, 6);
    // Each content of a batch pays its own.
    const two = shape({ contents: [scaleSizes(64, 64), scaleSizes(64, 64)] });
    expect(estimateRunMs(withSetup, two) - estimateRunMs(rate, two)).toBeCloseTo(2 * 5000, 6);
  });
});

describe("the probe and the rate a run teaches", () => {
  const p = (elapsedMs: number, evaluations: number, side = 32) => ({ elapsedMs, evaluations, width: side, height: side });

  it("is one small size, a few iterations, no stop, no previews", () => {
    expect(PROBE_SIDE).toBe(32);
    expect(probeOptions()).toEqual({ preset: "lite", size: 32, workingSize: 32, scales: [1], iterations: PROBE_ITERATIONS, stopTolerance: 0, previewEvery: 0 });
    // Shaped as a run's inputs: a content to resize, a style of another shape (its own compiles).
    const input = probeInput();
    expect([input.content.width, input.content.height]).toEqual([64, 64]);
    expect([input.styles[0].image.width, input.styles[0].image.height]).toEqual([80, 48]);
    expect(input.content.data).toHaveLength(64 * 64 * 4);
  });

  it("times an evaluation past the first iteration, and counts the rest of the first report as the size's setup", () => {
    // First report: 6,000 ms for the start evaluation and iteration 0's (2 in all) and the targets (2/3 of one).
    // Then 2 evaluations in 400 ms: 200 ms each; setup = 6,000 − (2 + 2/3) × 200.
    const pt = probePoint([p(6000, 2), p(6200, 3), p(6400, 4)])!;
    expect(pt.pixels).toBe(1024);
    expect(pt.msPerEvaluation).toBeCloseTo(200, 9);
    expect(pt.setupMs).toBeCloseTo(6000 - (2 + 2 / 3) * 200, 9);
    // Three styles: their targets are more of the first report.
    expect(probePoint([p(6000, 2), p(6400, 4)], 3)!.setupMs).toBeCloseTo(6000 - (2 + 4 / 3) * 200, 9);
    // Never a negative setup; nothing from too little.
    expect(probePoint([p(100, 2), p(6100, 3)])!.setupMs).toBe(0);
    expect(probePoint([p(5000, 2)])).toBeNull();
    expect(probePoint([p(5000, 2), p(5000, 2)])).toBeNull();
  });

  it("splits the evaluation into the class's fixed part (at most half of it) and a part per pixel", () => {
    const r = rateFromPoint({ pixels: 1024, msPerEvaluation: 200, setupMs: 4000 }, 20, "webgl");
    expect(r).toEqual({ fixedMs: 20, msPerPixel: 180 / 1024, setupMs: 4000, backend: "webgl" });
    expect(rateFromPoint({ pixels: 1024, msPerEvaluation: 30, setupMs: 0 }, 20, "webgl").fixedMs).toBe(15);
    // At 4× the pixels, the evaluation costs the fixed part + 4× the rest.
    expect(r.fixedMs + r.msPerPixel * 4096).toBeCloseTo(20 + 4 * 180, 9);
  });

  it("a run teaches it from its first scale, with the preset's cost divided out and the fixed part kept", () => {
    const m = new RunRateMeter(PRESET_COST.full, 1);
    const report = (scaleIndex: number, side: number, elapsedMs: number, evaluations: number) =>
      ({ scaleIndex, width: side, height: side, elapsedMs, evaluations, tileCount: 1 }) as Progress;
    m.note(report(0, 64, 10000, 2));
    m.note(report(0, 64, 10480, 3));
    m.note(report(0, 64, 10960, 4)); // 480 ms per evaluation (full) at 4,096 px
    m.note(report(1, 128, 20000, 10)); // a later scale teaches nothing
    const before = { fixedMs: 10, msPerPixel: 1, setupMs: 1, backend: "webgl" };
    const r = m.rate("webgl", before)!;
    expect(r.fixedMs).toBe(10);
    expect(r.msPerPixel).toBeCloseTo((480 / 2.4 - 10) / 4096, 12);
    expect(r.setupMs).toBeCloseTo((10000 - (2 + 2 / 3) * 480) / 2.4, 9);
    expect(new RunRateMeter(1, 1).rate("webgl", null)).toBeNull();
    // A tiled first scale teaches nothing (its evaluations are several crops).
    const t = new RunRateMeter(1, 1);
    t.note({ ...report(0, 64, 2000, 10), tileIndex: 0, tileCount: 4 });
    t.note({ ...report(0, 64, 9000, 12), tileIndex: 3, tileCount: 4 });
    expect(t.rate("webgl", null)).toBeNull();
  });
});

describe("the estimate before Run", () => {
  const frame = [layer("f", 640, 480)];
  const fast = { ...rate, setupMs: 1000 };
  const slow = { ...rate, msPerPixel: 0.05, setupMs: 8000 };

  it("is the class's range until measured, then one figure, then the run's", () => {
    expect(panelEstimate({ range: null, measured: null }, DEFAULT_SETTINGS, frame, 1)).toBeNull();
    const ranged = panelEstimate({ range: [fast, slow], measured: null }, DEFAULT_SETTINGS, frame, 1)!;
    expect(ranged.source).toBe("class");
    expect(ranged.lowMs).toBeCloseTo(panelEstimateMs(fast, DEFAULT_SETTINGS, frame, 1), 6);
    expect(ranged.highMs).toBeCloseTo(panelEstimateMs(slow, DEFAULT_SETTINGS, frame, 1), 6);
    expect(ranged.highMs).toBeGreaterThan(ranged.lowMs);
    const probed = panelEstimate({ range: [fast, slow], measured: { rate: fast, source: "probe" } }, DEFAULT_SETTINGS, frame, 1)!;
    expect(probed).toEqual({ lowMs: ranged.lowMs, highMs: ranged.lowMs, source: "probe" });
    expect(panelEstimate({ range: null, measured: { rate: slow, source: "run" } }, DEFAULT_SETTINGS, frame, 1)?.source).toBe("run");
    // Nothing chosen: nothing said.
    expect(panelEstimate({ range: [fast, slow], measured: null }, DEFAULT_SETTINGS, [], 1)).toBeNull();
  });
});

describe("the words", () => {
  const one = (ms: number) => ({ lowMs: ms, highMs: ms, source: "probe" as const });
  const range = (lowMs: number, highMs: number) => ({ lowMs, highMs, source: "class" as const });

  it("says roughly how long, on this device", () => {
    expect(formatEstimate(one(4000))).toBe("A few seconds on this device");
    expect(formatEstimate(one(41_000))).toBe("About 40 s on this device");
    expect(formatEstimate(one(118_000))).toBe("About 2 min on this device");
    expect(formatEstimate(one(4 * 3600_000))).toBe("About 4 h on this device");
    expect(formatEstimate(one(Number.NaN))).toBe("");
    expect(formatEstimate(one(0))).toBe("");
    expect(formatEstimate(null)).toBe("");
  });

  it("a range in its upper end's unit, one figure when both ends round alike", () => {
    expect(formatEstimate(range(100_000, 370_000))).toBe("About 2–6 min on this device");
    expect(formatEstimate(range(12_000, 48_000))).toBe("About 10–50 s on this device");
    expect(formatEstimate(range(20_000, 150_000))).toBe("About 20 s to 3 min on this device");
    expect(formatEstimate(range(70_000, 150_000))).toBe("About 1–3 min on this device");
    expect(formatEstimate(range(2 * 3600_000, 5 * 3600_000))).toBe("About 2–5 h on this device");
    expect(formatEstimate(range(170_000, 190_000))).toBe("About 3 min on this device");
    expect(formatEstimate(range(1000, 8000))).toBe("A few seconds on this device");
    expect(formatEstimate(range(1000, 30_000))).toBe("About 5–30 s on this device");
  });
});

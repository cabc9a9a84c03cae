/** The pre-run estimate's cost model (estimate.ts) and the rate a run teaches (estimate-probe.ts). */
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
  fitRate,
  formatEstimate,
  panelRunShape,
  PRESET_COST,
  probeOptions,
  probePoint,
  probePoints,
  panelEstimateMs,
  scaleShape,
  setupEvaluations,
  TILED_EVALUATION_COST,
  TYPICAL_STOP_ITERATIONS,
  type DeviceRate,
  type RunShape,
} from "../../../src/ui/run/estimate";
import { RunRateMeter } from "../../../src/ui/run/estimate-probe";

const rate: DeviceRate = { fixedMs: 100, msPerPixel: 0.01, backend: "test" };
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
    const perEvaluation = TILED_EVALUATION_COST * (4 * rate.fixedMs + rate.msPerPixel * pixels);
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

describe("the device's rate", () => {
  it("is the line through the probe's two points", () => {
    const r = fitRate({ pixels: 1024, msPerEvaluation: 30 }, { pixels: 4096, msPerEvaluation: 60 }, "wasm");
    expect(r.msPerPixel).toBeCloseTo(30 / 3072, 12);
    expect(r.fixedMs).toBeCloseTo(30 - (30 / 3072) * 1024, 9);
    expect(r.backend).toBe("wasm");
    // In either order.
    expect(fitRate({ pixels: 4096, msPerEvaluation: 60 }, { pixels: 1024, msPerEvaluation: 30 }, "wasm")).toEqual(r);
  });

  it("a noisy probe (the larger size no dearer) counts all of the larger point's cost per pixel: never a negative or shrinking cost", () => {
    const r = fitRate({ pixels: 1024, msPerEvaluation: 50 }, { pixels: 4096, msPerEvaluation: 40 }, "webgl");
    expect(r.msPerPixel).toBeCloseTo(40 / 4096, 12);
    expect(r.fixedMs).toBeGreaterThanOrEqual(0);
    const steep = fitRate({ pixels: 1024, msPerEvaluation: 1 }, { pixels: 4096, msPerEvaluation: 100 }, "webgl");
    expect(steep.fixedMs).toBe(0);
    expect(steep.msPerPixel).toBeCloseTo(100 / 4096, 12);
  });

  it("a probe's point leaves its first iteration (the warm-up) out", () => {
    const p = (elapsedMs: number, evaluations: number) => ({ elapsedMs, evaluations, width: 64, height: 32 });
    expect(probePoint([p(5000, 2), p(5100, 3), p(5300, 5)])).toEqual({ pixels: 2048, msPerEvaluation: 100 });
    expect(probePoint([p(5000, 2)])).toBeNull();
    expect(probePoint([p(5000, 2), p(5000, 2)])).toBeNull();
    // The probe run: one point per scale.
    const q = (scaleIndex: number, side: number, elapsedMs: number, evaluations: number) => ({ scaleIndex, width: side, height: side, elapsedMs, evaluations });
    expect(probePoints([q(0, 32, 900, 2), q(0, 32, 1000, 3), q(1, 64, 3000, 5), q(1, 64, 3400, 7)])).toEqual([
      { pixels: 1024, msPerEvaluation: 100 },
      { pixels: 4096, msPerEvaluation: 200 },
    ]);
    expect(probePoints([q(0, 32, 900, 2), q(0, 32, 1000, 3), q(1, 64, 3000, 5)])).toBeNull();
    expect(probeOptions()).toMatchObject({ preset: "lite", size: 64, workingSize: 64, scales: [0.5, 1], stopTolerance: 0 });
  });

  it("a run teaches it from its coarsest and finest scales, with the preset's cost divided out", () => {
    const m = new RunRateMeter(PRESET_COST.full);
    const report = (scaleIndex: number, side: number, elapsedMs: number, evaluations: number) =>
      ({ scaleIndex, width: side, height: side, elapsedMs, evaluations }) as Progress;
    m.note(report(0, 32, 1000, 2));
    m.note(report(0, 32, 1120, 3));
    m.note(report(0, 32, 1240, 4)); // 120 ms per evaluation at 1,024 px
    m.note(report(1, 64, 2000, 10));
    m.note(report(1, 64, 2720, 12)); // 360 ms at 4,096 px
    const r = m.rate("webgl")!;
    expect(r.msPerPixel).toBeCloseTo(240 / 3072 / 2.4, 12);
    expect(r.fixedMs).toBeCloseTo((120 - (240 / 3072) * 1024) / 2.4, 9);
    expect(new RunRateMeter(1).rate("webgl")).toBeNull();
    // A tiled scale's reports teach nothing (its evaluations are several crops, not one point).
    const t = new RunRateMeter(1);
    t.note(report(0, 32, 1000, 2));
    t.note(report(0, 32, 1120, 3));
    t.note({ ...report(1, 64, 2000, 10), tileIndex: 0, tileCount: 4 });
    t.note({ ...report(1, 64, 9000, 12), tileIndex: 3, tileCount: 4 });
    expect(t.rate("webgl")).toEqual({ fixedMs: 0, msPerPixel: 120 / 1024, backend: "webgl" });
  });
});

describe("the words", () => {
  it("says roughly how long, on this device", () => {
    expect(formatEstimate(4000)).toBe("A few seconds on this device");
    expect(formatEstimate(41_000)).toBe("About 40 s on this device");
    expect(formatEstimate(118_000)).toBe("About 2 min on this device");
    expect(formatEstimate(4 * 3600_000)).toBe("About 4 h on this device");
    expect(formatEstimate(Number.NaN)).toBe("");
    expect(formatEstimate(0)).toBe("");
  });
});

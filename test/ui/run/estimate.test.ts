/** The pre-run estimate's cost model (estimate.ts) and the rate a run teaches (estimate-probe.ts). */
import { describe, expect, it } from "vitest";
import { iterationFlops } from "../../../benchmarks/flops";
import { DEFAULT_OPTIONS } from "../../../src/engine/defaults";
import { scheduleSizes } from "../../../src/engine/scale-sizes";
import type { Progress } from "../../../src/engine/types";
import type { LayerInfo } from "../../../src/shared/layers";
import { AUTO_SIZE, DEFAULT_SETTINGS } from "../../../src/shared/settings";
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
  scaleSizes,
  setupEvaluations,
  TYPICAL_STOP_ITERATIONS,
  type DeviceRate,
  type RunShape,
} from "../../../src/ui/run/estimate";
import { RunRateMeter } from "../../../src/ui/run/estimate-probe";

const rate: DeviceRate = { fixedMs: 100, msPerPixel: 0.01, backend: "test" };
// Three scales, so the sum over scales is checked (the default runs one).
const THREE = [0.25, 0.5, 1];
const shape = (over: Partial<RunShape> = {}): RunShape => ({ preset: "lite", iterations: 60, stopTolerance: 0.0025, styleCount: 1, contents: [scaleSizes(64, 64, THREE)], ...over });
const layer = (id: string, width: number, height: number): LayerInfo => ({ id, name: id, width, height }) as LayerInfo;

describe("the run's cost model", () => {
  it("a hand-computed case: 64 px, three scales, 60 iterations, one style", () => {
    expect(scaleSizes(64, 64, THREE)).toEqual([[16, 16], [32, 32], [64, 64]]);
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
    const byIterations = [1, 10, 60, 100, 300].map((n) => estimateRunMs(rate, shape({ iterations: n, stopTolerance: 0 })));
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
    expect(estimateRunMs(rate, shape({ iterations: 2000 }))).toBe(estimateRunMs(rate, shape({ iterations: TYPICAL_STOP_ITERATIONS })));
  });

  it("the full network's cost factor is its FLOPs per pixel over the lite one's", () => {
    const ratio = iterationFlops("full", 256) / iterationFlops("lite", 256);
    expect(Math.abs(PRESET_COST.full / ratio - 1)).toBeLessThan(0.1);
    expect(PRESET_COST.lite).toBe(1);
  });

  it("the panel's run: Auto follows the layer (capped at the working size), one set of scales per content", () => {
    const small = panelRunShape(DEFAULT_SETTINGS, [layer("a", 64, 64)], 1);
    expect(DEFAULT_SETTINGS.size).toBe(AUTO_SIZE);
    expect(small.contents).toEqual([scheduleSizes(64, 64, DEFAULT_OPTIONS.scales)]);
    expect(small.contents).toEqual([[[64, 64]]]);
    // At 2× density a 64 px layer runs at 128.
    expect(panelRunShape(DEFAULT_SETTINGS, [layer("a", 64, 64)], 1, 2).contents[0].at(-1)).toEqual([128, 128]);
    const big = panelRunShape(DEFAULT_SETTINGS, [layer("a", 2000, 1000), layer("b", 100, 150)], 2);
    expect(big.contents.map((c) => c.at(-1))).toEqual([[512, 256], [100, 150]]);
    expect(big.styleCount).toBe(2);
    // A fixed 256 px output: the working size follows it.
    expect(panelRunShape({ ...DEFAULT_SETTINGS, size: 256 }, [layer("a", 2000, 1000)], 1).contents[0].at(-1)).toEqual([256, 128]);
    expect(estimateRunMs(rate, panelRunShape({ ...DEFAULT_SETTINGS, preset: "full" }, [layer("a", 64, 64)], 1))).toBeGreaterThan(estimateRunMs(rate, small));
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
    expect(scaleSizes(64, 64, [0.5, 1])).toEqual([[32, 32], [64, 64]]);
  });

  it("a run teaches it from its coarsest and finest scales, with the preset's cost divided out", () => {
    const m = new RunRateMeter(PRESET_COST.full);
    const report = (scaleIndex: number, side: number, elapsedMs: number, evaluations: number) => ({ scaleIndex, width: side, height: side, elapsedMs, evaluations }) as Progress;
    m.note(report(0, 32, 1000, 2));
    m.note(report(0, 32, 1120, 3));
    m.note(report(0, 32, 1240, 4)); // 120 ms per evaluation at 1,024 px
    m.note(report(1, 64, 2000, 10));
    m.note(report(1, 64, 2720, 12)); // 360 ms at 4,096 px
    const r = m.rate("webgl")!;
    expect(r.msPerPixel).toBeCloseTo(240 / 3072 / 2.4, 12);
    expect(r.fixedMs).toBeCloseTo((120 - (240 / 3072) * 1024) / 2.4, 9);
    expect(new RunRateMeter(1).rate("webgl")).toBeNull();
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

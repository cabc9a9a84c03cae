import { describe, expect, it } from "vitest";
import { convStrategyFor } from "../../src/engine/conv-strategy";
import { detailSides, fineIterations, presetTaps, scalePlan } from "../../src/engine/scale-plan";
import { evaluationPeakBytes, gramStateBytes, hostTileBytes, weightBytes } from "../../src/engine/memory";
import { leastAreaGrid } from "../../src/engine/tile-choice";
import { styleSizeAt } from "../../src/engine/run-sizes";
import { gridCrops, largestCrop, receptiveReach, tileAlign, tileGrid, tileHalo, tiling } from "../../src/engine/tiles";

const base = {
  contentWidth: 1440,
  contentHeight: 960,
  workingSize: 512,
  iterations: 150,
  historySize: 100,
  memoryBudgetMB: 1024,
  conv: convStrategyFor("wasm"),
  ...presetTaps("lite"),
};

describe("scalePlan", () => {
  it("paints at the output size, doubling from the working size", () => {
    expect(detailSides(512, 512)).toEqual([]);
    expect(detailSides(512, 1024)).toEqual([1024]);
    expect(detailSides(512, 1100)).toEqual([1100]);
    expect(detailSides(512, 1440)).toEqual([1024, 1440]);
    expect(detailSides(512, 4096)).toEqual([1024, 2048, 4096]);
    const plan = scalePlan({ ...base, size: 1440 });
    expect(plan.map((s) => [s.width, s.height])).toEqual([
      [512, 341],
      [1024, 683],
      [1440, 960],
    ]);
    expect(plan.map((s) => s.iterations)).toEqual([150, fineIterations(150, 1), fineIterations(150, 2)]);
    expect(fineIterations(150, 1)).toBe(75);
    expect(scalePlan({ ...base, size: 256 }).map((s) => [s.width, s.height, s.tiles])).toEqual([[256, 171, 1]]);
  });

  it("tiles a scale that does not fit the budget, each tile's evaluation within what is left", () => {
    const small = scalePlan({ ...base, size: 512, memoryBudgetMB: 256 });
    expect(small[0].tiles).toBeGreaterThan(1);
    for (const s of small) expect(s.withinBudget).toBe(true);
    expect(scalePlan({ ...base, size: 512 })[0].tiles).toBe(1);
  });

  it("a scale whose L-BFGS state cannot fit the budget runs Adam, whose state can", () => {
    const plan = scalePlan({ ...base, contentWidth: 2048, contentHeight: 1536, size: 2048 });
    expect(plan.map((s) => [s.width, s.optimizer])).toEqual([
      [512, "lbfgs"],
      [1024, "lbfgs"],
      [2048, "adam"],
    ]);
    for (const s of plan) expect(s.withinBudget).toBe(true);
    // L-BFGS at 2048 px would hold ≥ 49 image-sized vectors: over 1 GiB before any tile runs.
    expect(scalePlan({ ...base, contentWidth: 2048, contentHeight: 1536, size: 2048, memoryBudgetMB: 8192 }).at(-1)!.optimizer).toBe("lbfgs");
    // Asked for Adam, Adam everywhere.
    expect(scalePlan({ ...base, size: 1440, historySize: 0 }).every((s) => s.optimizer === "adam")).toBe(true);
  });

  it("tiles cover the picture once, interiors aligned to the pools, halos past the receptive field", () => {
    const { taps } = presetTaps("full");
    expect(receptiveReach(presetTaps("lite").taps)).toBe(17);
    expect(tileAlign(taps)).toBe(16);
    expect(tileHalo(taps) % 16).toBe(0);
    expect(tileHalo(taps)).toBeGreaterThanOrEqual(receptiveReach(taps));
    const tiles = tileGrid(300, 200, 3, 2, taps);
    expect(tiles).toHaveLength(6);
    const covered = new Uint8Array(300 * 200);
    for (const t of tiles) {
      expect(t.x0 % 16).toBe(0);
      expect(t.y0 % 16).toBe(0);
      for (let y = t.y0; y < t.y1; y++) for (let x = t.x0; x < t.x1; x++) covered[y * 300 + x]++;
    }
    expect(covered.every((c) => c === 1)).toBe(true);
    expect(evaluationPeakBytes(taps, 300, 200, base.conv)).toBeGreaterThan(0);
  });

  it("never upsamples a style past its own pixels by default; another style scale is taken as asked", () => {
    expect(styleSizeAt({ width: 256, height: 200 }, 2048, 1365, 1)).toEqual([256, 200]);
    expect(styleSizeAt({ width: 256, height: 200 }, 128, 85, 1)).toEqual([128, 100]);
    expect(styleSizeAt({ width: 256, height: 200 }, 1024, 683, 2)).toEqual([2048, 1600]);
    expect(styleSizeAt({ width: 256, height: 200 }, 1024, 683, 0.5)).toEqual([512, 400]);
  });
});

describe("4096 px within the budget", () => {
  const at4096 = { ...base, contentWidth: 4096, contentHeight: 2731, size: 4096, hostState: true };
  for (const preset of ["lite", "full"] as const) {
    for (const backend of ["wasm", "webgl"] as const) {
      for (const budget of [1024, 256]) {
        // full on WebGL at 256 MiB: its weights (99 MiB with the rotated copy) and a 64 MiB conv band leave no sensible tile.
        const fits = !(preset === "full" && backend === "webgl" && budget === 256);
        it(`${preset}, ${backend}, ${budget} MiB: the 4096 × 2731 scale keeps its state on the host and ${fits ? "plans within" : "is marked over"} the budget`, () => {
          const plan = scalePlan({ ...at4096, ...presetTaps(preset), conv: convStrategyFor(backend), memoryBudgetMB: budget });
          const last = plan.at(-1)!;
          expect([last.width, last.height, last.state, last.optimizer]).toEqual([4096, 2731, "host", "adam"]);
          expect(last.withinBudget).toBe(fits);
          if (fits) for (const s of plan) expect(s.peakBytes).toBeLessThanOrEqual(budget * 2 ** 20);
          const { taps, contentLayer } = presetTaps(preset);
          const [cw, ch] = largestCrop(4096, 2731, last.cols, last.rows, taps);
          const conv = convStrategyFor(backend);
          expect(last.peakBytes).toBe(weightBytes(taps, conv) + gramStateBytes(taps) + hostTileBytes(taps, contentLayer, cw, ch, conv));
        });
      }
    }
  }

  it("keeps the state on the device wherever it fits (L-BFGS first, then Adam)", () => {
    const plan = scalePlan({ ...at4096 });
    expect(plan.map((s) => `${s.width} ${s.optimizer} ${s.state}`)).toEqual(["512 lbfgs device", "1024 lbfgs device", "2048 adam device", "4096 adam host"]);
    // A caller that cannot keep state on the host gets the device plan, marked over budget.
    const run = scalePlan({ ...at4096, hostState: false }).at(-1)!;
    expect([run.state, run.optimizer, run.withinBudget]).toEqual(["device", "adam", false]);
    // Its tiles are still sized to a quarter of the budget: over by its own state, not by an untiled pass.
    expect(run.tiles).toBeGreaterThan(1);
    expect(run.peakBytes).toBeLessThan(2.1 * 2 ** 30);
  });

  it("chooses the grid of least total crop area among those that fit (against every grid)", () => {
    const { taps } = presetTaps("lite");
    const fits = (cw: number, ch: number) => cw * ch <= 300 * 260;
    const g = leastAreaGrid(1000, 700, taps, fits)!;
    let best = Infinity;
    for (let c = 1; c <= 50; c++)
      for (let r = 1; r <= 35; r++) {
        const [cw, ch] = largestCrop(1000, 700, c, r, taps);
        if (fits(cw, ch)) best = Math.min(best, gridCrops(1000, 700, c, r, tiling(taps)).area);
      }
    expect(g.cropArea).toBe(best);
    expect(fits(g.cropW, g.cropH)).toBe(true);
    expect([g.cols, g.rows]).toEqual([6, 2]);
    expect(leastAreaGrid(1000, 700, taps, () => false)).toBeNull();
  });
});

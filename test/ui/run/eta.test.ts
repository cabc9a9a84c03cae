/** The run's ETA from its own pace (eta.ts, run-eta.ts) over synthetic timelines: steady, a change of pace, a stall, a scale 4× dearer, a batch. */
import { describe, expect, it } from "vitest";
import type { Progress } from "../../../src/engine/types";
import { ETA_START, etaMs, etaStep, SLOWER, type EtaPlan, type EtaSample, type EtaState } from "../../../src/ui/run/eta";
import { etaWords } from "../../../src/ui/run/progress-words";
import { paceRate, RunEta } from "../../../src/ui/run/run-eta";

// 1 ms per pixel, no fixed part: an evaluation at 32×32 is expected to take 1,024 ms, at 64×64 4,096 ms.
const rate = { fixedMs: 0, msPerPixel: 1, setupMs: 3000, backend: "webgl" };
const scale = (side: number, iterations: number) => ({ width: side, height: side, iterations, crops: [[side, side] as const] });
const plan = (scales = [scale(32, 30)], measured = true): EtaPlan => ({ rate, cost: 1, measured, scales, styleCount: 1 });

/**
 * A run's reports, one per iteration: `msAt(i)` is how long iteration i took (one evaluation each),
 * at `side` px per scale (`sides[i]`); the engine's remaining count is exact (no early stop).
 */
function timeline(total: number, msAt: (i: number) => number, sideAt: (i: number) => number = () => 32, scaleAt: (i: number) => number = () => 0): EtaSample[] {
  const out: EtaSample[] = [];
  let t = 2000; // the first report pays the setup
  for (let i = 1; i <= total; i++) {
    t += msAt(i);
    const side = sideAt(i);
    out.push({ iteration: i, totalIterations: total, evaluations: i + 1, elapsedMs: t, scaleIndex: scaleAt(i), width: side, height: side, tileCount: 1 });
  }
  return out;
}

/** The states after each report, and the real time left at each. */
function follow(samples: EtaSample[], p: EtaPlan): Array<{ state: EtaState; eta: number; left: number }> {
  const end = samples[samples.length - 1].elapsedMs;
  let state = ETA_START;
  return samples.map((s) => {
    state = etaStep(state, s, p);
    return { state, eta: etaMs(state, p), left: end - s.elapsedMs };
  });
}

/** Within `tol` of `want`, relatively (the model's 1.05 evaluations per iteration against the timeline's 1). */
const near = (got: number, want: number, tol = 0.06) => expect(Math.abs(got / want - 1)).toBeLessThan(tol);

describe("the ETA at the run's own pace", () => {
  it("steady at the probe's pace: the time left exactly, never 'slower'", () => {
    const run = follow(
      timeline(30, () => 1024),
      plan(),
    );
    for (const r of run.slice(1, -1)) near(r.eta, r.left);
    expect(run.at(-1)?.eta).toBe(0);
    expect(run.some((r) => r.state.slower)).toBe(false);
  });

  it("before any timed iteration: the plan at the expected pace", () => {
    const [first] = follow(
      timeline(30, () => 5000),
      plan(),
    );
    expect(first.eta).toBeCloseTo(29 * 1024 * 1.05, 6);
  });

  it("follows a change of pace within a few iterations and says the computer is busy; then says so no more", () => {
    // Iterations 1–10 at the probe's pace, 11–24 at 2.5× (load), then back.
    const msAt = (i: number) => (i > 10 && i <= 24 ? 2560 : 1024);
    const run = follow(timeline(40, msAt), plan());
    expect(run[9].state.slower).toBe(false);
    // Within 4 iterations of the change: 'slower', and an ETA within 25 % of the time left at the new pace.
    const at = run[13];
    expect(at.state.slower).toBe(true);
    const leftAtNewPace = 2560 * (24 - 14) + 1024 * (40 - 24);
    expect(Math.abs(at.eta / (2560 * 26) - 1)).toBeLessThan(0.25);
    expect(at.eta).toBeGreaterThan(leftAtNewPace);
    // The mean since the start would still be far below the new pace at that point; the EWMA is not.
    expect(at.state.pace).toBeGreaterThan(2);
    // Back to the old pace: within a few iterations, no longer 'slower', the ETA back within 25 %.
    const back = run[29];
    expect(back.state.slower).toBe(false);
    expect(Math.abs(back.eta / back.left - 1)).toBeLessThan(0.25);
  });

  it("a stall (one iteration 20× as long) raises the ETA and says so at once, and the pace recovers after it", () => {
    const run = follow(
      timeline(30, (i) => (i === 12 ? 20_480 : 1024)),
      plan(),
    );
    expect(run[11].eta).toBeGreaterThan(3 * run[10].eta);
    expect(run[11].state.slower).toBe(true);
    expect(run[20].state.slower).toBe(false);
    near(run[20].eta, run[20].left, 0.2);
  });

  it("a scale whose iterations cost 4× (twice the side): the ETA prices it from the start and does not call it 'slower'", () => {
    // 10 iterations at 32 px, then 10 at 64 px (4× the pixels): its first report pays a 3 s setup, the targets and the start.
    const sideAt = (i: number) => (i <= 10 ? 32 : 64);
    const samples = timeline(
      20,
      (i) => (i <= 10 ? 1024 : i === 11 ? 3000 + (2 + 2 / 3) * 4096 : 4096),
      sideAt,
      (i) => (i <= 10 ? 0 : 1),
    );
    const run = follow(samples, plan([scale(32, 10), scale(64, 10)]));
    // Midway through the first scale: the later scale's 10 dearer iterations, its setup and targets, are counted.
    near(run[4].eta, run[4].left, 0.1);
    for (const r of run.slice(1)) expect(r.state.slower).toBe(false);
    for (const r of run.slice(11, -1)) near(r.eta, r.left);
  });

  it("a model off by 2× (a class's guess): the ETA takes the measured pace within a few iterations, and, with no probe to compare to, is not 'slower'", () => {
    const run = follow(
      timeline(30, () => 2048),
      plan(undefined, false),
    );
    for (const r of run.slice(2, -1)) near(r.eta, r.left);
    expect(run.some((r) => r.state.slower)).toBe(false);
    // Measured by the probe: the same pace is 2× the probe's, which says so.
    expect(
      follow(
        timeline(30, () => 2048),
        plan(),
      ).at(-2)?.state.slower,
    ).toBe(true);
    expect(SLOWER).toBe(1.5);
  });

  it("tile reports (the same iteration again) time nothing", () => {
    const p = plan();
    const [a, b] = timeline(3, () => 1024);
    const s1 = etaStep(etaStep(ETA_START, a, p), b, p);
    expect(etaStep(s1, { ...b, elapsedMs: b.elapsedMs + 500 }, p)).toBe(s1);
  });
});

describe("the batch's ETA and the words", () => {
  const progress = (s: EtaSample, etaMs: number) => ({ ...s, etaMs, tileIndex: 0, loss: { content: 0, style: 0, tv: 0, total: 0 } }) as unknown as Progress;

  it("adds the later contents as run-job counts them, and carries the pace to the next content", () => {
    const eta = new RunEta([plan(), plan()]);
    const samples = timeline(10, () => 2048);
    let view = { ms: 0, slower: false };
    for (const s of samples) view = eta.note(progress(s, 1000), { index: 0, count: 2, etaMs: 1000 + 50_000 });
    expect(view.ms).toBeCloseTo(50_000, 6);
    expect(view.slower).toBe(true);
    // The second content's first report: its work at the pace learnt on the first.
    const next = eta.note(progress(samples[0], 0), { index: 1, count: 2, etaMs: 0 });
    near(next.ms, 9 * 2048);
    expect(next.slower).toBe(true);
  });

  it("paces against the measured rate, else the middle of the class's range", () => {
    expect(paceRate(rate, null)).toEqual({ rate, measured: true });
    expect(paceRate(null, null)).toBeNull();
    const guess = paceRate(null, [
      { fixedMs: 1, msPerPixel: 0.01, setupMs: 100, backend: "webgl" },
      { fixedMs: 100, msPerPixel: 1, setupMs: 10_000, backend: "webgl" },
    ])!;
    expect(guess.measured).toBe(false);
    expect(guess.rate.msPerPixel).toBeCloseTo(0.1, 12);
    expect(guess.rate.fixedMs).toBeCloseTo(10, 12);
    expect(guess.rate.setupMs).toBeCloseTo(1000, 9);
  });

  it("says the time left, and that the computer is busy when the pace fell", () => {
    expect(etaWords({ ms: 150_000, slower: false })).toBe("About 3 min left");
    expect(etaWords({ ms: 150_000, slower: true })).toBe("About 3 min left · slower: the computer is busy");
    expect(etaWords({ ms: Number.NaN, slower: true })).toBe("");
  });
});

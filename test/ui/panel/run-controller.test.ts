// The run's lifecycle without a browser or hooks: fake host and engine, the real job, every state the panel is shown.
import { describe, expect, it } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import type { Progress, RgbaImage, StylizeInput } from "../../../src/engine/types";
import { CONTEXT_LOST } from "../../../src/shared/context-lost";
import type { LayerChoice, PlaceRequest } from "../../../src/shared/layers";
import { DEFAULT_SETTINGS, type PanelSettings } from "../../../src/shared/settings";
import type { Host } from "../../../src/ui/hosts/host";
import type { Engine } from "../../../src/ui/run/engine";
import type { DeviceRate } from "../../../src/ui/run/estimate";
import { RunController } from "../../../src/ui/panel/run-controller";
import type { RunView } from "../../../src/ui/panel/run-view";

const img = (w: number, h: number): RgbaImage => ({ width: w, height: h, data: new Uint8Array(w * h * 4).fill(255) });
const choice: LayerChoice = {
  contentId: "c",
  styleIds: ["s"],
  problem: null,
  layers: [
    { id: "c", name: "Photo", width: 64, height: 32 },
    { id: "s", name: "Paint", width: 32, height: 32 },
  ],
};
const roles = { contentIds: ["c"], styleIds: ["s"] };
const target = { choice, roles, mode: "layer" as const };

const progress = (iteration: number, elapsedMs: number, scaleIndex: number, side: number): Progress => ({
  iteration,
  totalIterations: 4,
  scaleIndex,
  scaleCount: 2,
  width: side,
  height: side,
  tileIndex: 0,
  tileCount: 1,
  loss: { total: 1, content: 1, style: 0, tv: 0 },
  evaluations: iteration,
  elapsedMs,
  etaMs: 10,
});

/** How a fake stylize call ends: at once, or only when the run's signal aborts (or never). */
type Stylize = "done" | "until-abort" | "never";

function fakes(stylize: Stylize = "done", settings: Partial<PanelSettings> = {}) {
  const placed: PlaceRequest[] = [];
  const inits: Array<RgbaImage | undefined> = [];
  const exported: string[] = [];
  const learnt: DeviceRate[] = [];
  const log = { contextLostCleanups: 0, afterContextLost: 0, probeStops: 0, started: 0 };
  let contextLost: (() => void) | undefined;
  const host: Host = {
    kind: "figma",
    watchLayers: () => () => undefined,
    exportLayer: async (id) => (exported.push(id), new Uint8Array([1])),
    placeResult: async (r) => (placed.push(r), `r${placed.length}`),
    loadSettings: async () => ({}),
    saveSettings: async () => undefined,
    notify: () => undefined,
  };
  const engine: Engine = {
    where: "worker",
    start: async () => (log.started++, { name: "fake", where: "worker", route: "worker-webgl", tried: [] }) as never,
    installWeights: async () => ({ preset: "lite", layers: 0 }),
    onContextLost: (cb) => {
      contextLost = cb;
      return () => void log.contextLostCleanups++;
    },
    afterContextLost: () => void log.afterContextLost++,
    dispose: () => undefined,
    weights: async () => ({ preset: "lite" }),
    decode: async () => img(16, 8),
    encode: async () => new Uint8Array([0x89]),
    async stylize(_w, input: StylizeInput, _o, h) {
      inits.push(input.init);
      // Two scales, two reports each: enough for the meter to learn a rate.
      h.onProgress?.(progress(1, 10, 0, 8));
      h.onProgress?.(progress(3, 30, 0, 8));
      h.onProgress?.(progress(1, 50, 1, 16));
      h.onProgress?.(progress(3, 130, 1, 16));
      if (stylize !== "done") {
        await new Promise<void>((_, reject) => {
          if (stylize === "until-abort") h.signal?.addEventListener("abort", () => reject(new RestyleError("cancelled", "The run was cancelled.")));
        });
      }
      return { image: img(16, 8), stats: { backend: "fake", elapsedMs: 1500 } as never };
    },
  };
  const views: RunView[] = [];
  const ctl = new RunController(
    {
      host,
      engine,
      settings: { current: { ...DEFAULT_SETTINGS, size: 64, iterations: 4, ...settings } },
      onEngine: () => undefined,
      stopProbe: async () => void log.probeStops++,
      learnRate: (r) => void learnt.push(r),
      // Measured before: 2 ms + 0.125 ms per pixel, 10 ms an evaluation at 64 px, as the fake run goes.
      basis: { range: null, measured: { rate: { fixedMs: 2, msPerPixel: 0.125, setupMs: 0, backend: "fake" }, source: "probe" } },
    },
    (v) => void views.push(v),
  );
  return { ctl, views, placed, inits, exported, learnt, log, loseContext: () => contextLost?.() };
}

const kinds = (views: RunView[]) => views.map((v) => v.status.kind).filter((k, i, a) => k !== a[i - 1]);
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("RunController", () => {
  it("runs, shows each stage, places the result and learns the device's rate", async () => {
    const f = fakes();
    await f.ctl.run(false, target);
    expect(kinds(f.views)).toEqual(["running", "done"]);
    const stages = f.views.flatMap((v) => (v.status.kind === "running" ? [v.status.stage] : [])).filter((s, i, a) => s !== a[i - 1]);
    expect(stages).toEqual(["weights", "exporting", "stylizing", "placing"]);
    const done = f.ctl.state.status;
    expect(done.kind === "done" && done.message).toMatch(/1\.5 s/);
    expect(done.kind === "done" && done.image?.width).toBe(16);
    expect(f.placed).toHaveLength(1);
    expect(f.ctl.placedLast("r1")).toBe(true);
    expect(f.ctl.placedLast("r2")).toBe(false);
    expect(f.log).toMatchObject({ probeStops: 1, started: 1, contextLostCleanups: 1 });
    expect(f.learnt).toHaveLength(1);
    expect(f.learnt[0].backend).toBe("fake");
    // The first scale: (30 − 10) ms over 2 evaluations at 64 px, the 2 ms fixed part kept.
    expect(f.learnt[0].fixedMs).toBe(2);
    expect(f.learnt[0].msPerPixel).toBeCloseTo(8 / 64, 9);
    // The status carried the ETA at the run's own pace: as measured, so not 'slower'; 1 iteration left after the second report.
    const etas = f.views.flatMap((v) => (v.status.kind === "running" && v.status.stage === "stylizing" && v.status.eta ? [v.status.eta] : []));
    expect(etas.length).toBe(4);
    expect(etas[1].slower).toBe(false);
    expect(etas[1].ms).toBeCloseTo(10 * 1.05, 6);
  });

  it("re-runs warm from the last single result without exporting again, replacing it", async () => {
    const f = fakes();
    await f.ctl.run(true, target); // nothing to warm from yet: no run at all
    expect(f.views).toEqual([]);
    await f.ctl.run(false, target);
    await f.ctl.run(true, target);
    expect(f.exported).toEqual(["c", "s"]);
    expect(f.inits.map((i) => !!i)).toEqual([false, true]);
    expect(f.placed[1].replaceId).toBe("r1");
  });

  it("holds results for review, then places or discards them", async () => {
    const f = fakes("done", { reviewFirst: true });
    await f.ctl.run(false, target);
    expect(f.ctl.state.status).toEqual({ kind: "review" });
    expect(f.ctl.state.pending?.finished).toHaveLength(1);
    expect(f.placed).toHaveLength(0);
    await f.ctl.placePending();
    expect(f.ctl.state.pending).toBeNull();
    expect(f.ctl.state.status.kind).toBe("done");
    expect(f.ctl.placedLast("r1")).toBe(true);

    await f.ctl.run(false, target);
    f.ctl.discardPending();
    expect(f.ctl.state).toEqual({ pending: null, status: { kind: "cancelled", message: "Discarded. Nothing was added to the document." } });
    expect(f.placed).toHaveLength(1);
  });

  it("cancels on request, and ignores a second run while one is under way", async () => {
    const f = fakes("until-abort");
    const first = f.ctl.run(false, target);
    void f.ctl.run(false, target);
    await tick();
    expect(f.inits).toHaveLength(1);
    expect(f.ctl.running).toBe(true);
    f.ctl.cancel();
    await first;
    expect(f.ctl.state.status).toEqual({ kind: "cancelled", message: "Cancelled. Nothing was added to the document." });
    expect(f.placed).toHaveLength(0);
  });

  it("cancels at once while the probe is still stopping or the engine still starting (neither takes the run's signal)", async () => {
    for (const stuck of ["probe", "start"] as const) {
      const f = fakes();
      const never = () => new Promise<never>(() => undefined);
      if (stuck === "probe") f.ctl.deps.stopProbe = never;
      else f.ctl.deps.engine.start = never;
      const run = f.ctl.run(false, target);
      await tick();
      expect(f.ctl.state.status).toEqual({ kind: "running", stage: "weights" });
      f.ctl.cancel();
      await run;
      expect(f.ctl.state.status, stuck).toEqual({ kind: "cancelled", message: "Cancelled. Nothing was added to the document." });
      expect(f.exported).toEqual([]);
      expect(f.ctl.running).toBe(false);
    }
  });

  it("stops waiting at once when the GPU context is lost", async () => {
    const f = fakes("never");
    const run = f.ctl.run(false, target);
    await tick();
    f.loseContext();
    await run;
    expect(f.ctl.state.status).toEqual({ kind: "error", message: CONTEXT_LOST.message });
    expect(f.log.afterContextLost).toBe(1);
    expect(f.log.contextLostCleanups).toBe(1);
  });

  it("clears only an outcome, and tells no one when nothing changed", async () => {
    const f = fakes();
    f.ctl.clearOutcome();
    expect(f.views).toEqual([]);
    await f.ctl.run(false, target);
    f.ctl.clearOutcome();
    expect(f.ctl.state.status).toEqual({ kind: "idle" });
  });
});

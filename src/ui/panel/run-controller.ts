/**
 * The run's lifecycle without hooks: a job started with callbacks that feed the status, its results
 * placed or held for review, cancelled on request (or when the panel goes), stopped at once when the
 * GPU context is lost, and the rate it measured taught to the pre-run estimate. useRun wraps it; its
 * state reaches the panel through the `onChange` callback.
 */
import { isRestyleError } from "../../engine/errors";
import type { Progress, RgbaImage } from "../../engine/types";
import { messageOf } from "../../kit/message-of";
import { CONTEXT_LOST } from "../../shared/context-lost";
import { sameRoles, type LayerChoice, type PlaceMode } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import type { Engine, EngineInfo } from "../run/engine";
import { PRESET_COST, type DeviceRate, type EstimateBasis } from "../run/estimate";
import { RunRateMeter } from "../run/estimate-probe";
import { rolesOf, type BatchRoles } from "../run/plan";
import { whenCancelled } from "../run/run-inputs";
import { etaPlans, RunEta } from "../run/run-eta";
import { hostDensity } from "../run/screen-density";
import { placeAll, runJob, type BatchProgress, type JobResult, type RunHooks, type RunInputs, type Stage } from "../run/run-job";
import { doneMessage } from "./done-message";
import type { Status } from "./RunStatus";
import type { RunView } from "./run-view";
import { contentLayers } from "./use-host-layers";

/** The last single result's pixels, so a strength change can re-run from it. */
interface Last {
  inputs: RunInputs;
  image: RgbaImage;
  /** Its id in the document; absent while it waits for review. */
  resultId?: string;
}

/** What the controller works with; the panel hands in the latest on each render. */
export interface RunControllerDeps {
  host: Host;
  engine: Engine;
  /** The latest settings, even when a slider's change event beats the re-render. */
  settings: { readonly current: PanelSettings };
  /** The engine has started (for the probe or a run): what it runs on. */
  onEngine: (info: EngineInfo) => void;
  /** Cancels the estimate's probe and resolves once the engine is free. */
  stopProbe: () => Promise<void>;
  /** A rate measured on a run, for the estimate. */
  learnRate: (rate: DeviceRate) => void;
  /** What the estimate before Run was made from: the run's ETA paces against it. */
  basis: EstimateBasis;
}

/** What a run is of: the editor's choice at the moment Run is pressed. */
export interface RunTargetChoice {
  choice: LayerChoice | null;
  roles: BatchRoles | null;
  mode: PlaceMode;
}

const isOutcome = (s: Status) => s.kind === "done" || s.kind === "cancelled" || s.kind === "error";

export class RunController {
  private view: RunView = { status: { kind: "idle" }, pending: null };
  private last: Last | null = null;
  private abort: AbortController | null = null;
  // Set before the first await of a run or a placement: a second call in the same task must not start another.
  private busy = false;
  // Ids this panel placed last (see placedLast).
  private placed: string[] = [];

  constructor(
    public deps: RunControllerDeps,
    private readonly onChange: (view: RunView) => void,
  ) {}

  get state(): RunView {
    return this.view;
  }

  get running(): boolean {
    return this.view.status.kind === "running";
  }

  /** Starts the engine (the run does, and so does loading the full weights), telling onEngine what it runs on. */
  startEngine = async (): Promise<EngineInfo> => {
    const info = await this.deps.engine.start();
    this.deps.onEngine(info);
    return info;
  };

  /** Runs the chosen layers; `warmOnly`: only as a re-run from the last single result (a strength change). */
  run = async (warmOnly: boolean, { choice, roles, mode }: RunTargetChoice): Promise<void> => {
    if (!choice || !roles || this.running || this.busy) return;
    const single = roles.contentIds.length === 1 ? rolesOf(roles)[0] : null;
    const warmFrom = single && this.last && sameRoles(this.last.inputs.roles, single) ? this.last : null;
    if (warmOnly && !warmFrom) return;
    this.busy = true;
    const ac = new AbortController();
    this.abort = ac;
    // A lost context can leave tfjs waiting on the GPU forever: the panel stops waiting at once.
    let stopWatching = () => {};
    const lost = new Promise<never>((_, reject) => {
      stopWatching = this.deps.engine.onContextLost(() => {
        ac.abort(CONTEXT_LOST);
        reject(CONTEXT_LOST);
      });
    });
    lost.catch(() => undefined);
    this.update({ pending: null, status: { kind: "running", stage: "weights" } });
    const { host, engine, settings } = this.deps;
    const replaceId = single ? (choice.resultId ?? (warmOnly ? warmFrom?.resultId : undefined)) : undefined;
    const reviewFirst = !!settings.current.reviewFirst;
    const meter = new RunRateMeter(PRESET_COST[settings.current.preset], roles.styleIds.length);
    const eta = new RunEta(etaPlans(this.deps.basis, settings.current, contentLayers(choice, roles), roles.styleIds.length, hostDensity(host.kind)));
    let backendName = "";
    try {
      // Neither waits on the run's signal (the probe may be busy, the engine slow to start): a cancel must not wait for them.
      const cancelled = whenCancelled(ac.signal);
      await Promise.race([cancelled, lost, this.deps.stopProbe()]); // the engine is the run's from here
      backendName = (await Promise.race([cancelled, lost, this.startEngine()])).name;
      const warm = warmOnly && warmFrom ? { inputs: warmFrom.inputs, init: warmFrom.image } : undefined;
      // settings.current: the latest values, even when a slider's change event beats the re-render.
      const hooks = this.hooks(ac.signal, meter, eta);
      const job = runJob(host, choice.layers, roles, settings.current, engine, hooks, { replaceId, warm, mode, place: !reviewFirst });
      this.finish(await Promise.race([lost, job]), !!single, replaceId, roles.contentIds.length);
    } catch (e) {
      this.fail(e, ac.signal);
    } finally {
      stopWatching();
      this.abort = null;
      this.busy = false;
      const learnt = backendName ? meter.rate(backendName, this.deps.basis.measured?.rate ?? null) : null;
      if (learnt) this.deps.learnRate(learnt);
    }
  };

  /** Places the results held for review. */
  placePending = async (): Promise<void> => {
    const p = this.view.pending;
    if (!p || this.running || this.busy) return;
    this.busy = true;
    this.setStatus({ kind: "running", stage: "placing" });
    try {
      const host = this.deps.host;
      const ids = await placeAll(
        host,
        p.finished.map((f) => f.request),
      );
      this.placed = ids;
      this.update({ pending: null });
      const first = p.finished[0];
      const single = p.finished.length === 1;
      if (single && this.last && this.last.image === first.image) this.last = { ...this.last, resultId: ids[0] };
      this.setStatus({
        kind: "done",
        message: doneMessage(host, p.finished.length, p.updating, p.secs, first.request.mode ?? "layer"),
        image: single ? first.image : undefined,
        original: single ? first.inputs.content : undefined,
      });
    } catch (e) {
      this.setStatus({ kind: "error", message: messageOf(e) }); // the results stay for another try
    } finally {
      this.busy = false;
    }
  };

  discardPending = (): void => {
    if (!this.view.pending) return;
    this.update({ pending: null, status: { kind: "cancelled", message: "Discarded. Nothing was added to the document." } });
  };

  cancel = (): void => this.abort?.abort();

  /** Whether the id is one this panel placed last: the editor selecting it is the run's own echo, not a new choice. */
  placedLast = (id: string): boolean => this.placed.includes(id);

  /** Drops what the panel said about the last run (done, cancelled, error); a run or a review stays. */
  clearOutcome = (): void => this.setStatus((s) => (isOutcome(s) ? { kind: "idle" } : s));

  /** The job's callbacks: its stages, layers and progress (and the ETA at the run's pace) become the status; the first content's progress teaches the meter. */
  private hooks(signal: AbortSignal, meter: RunRateMeter, eta: RunEta): RunHooks {
    let shownPreview: RgbaImage | undefined;
    return {
      signal,
      onStage: (stage: Stage, detail?: string) =>
        this.setStatus((s) =>
          s.kind === "running" ? { ...s, stage, detail, progress: stage === "stylizing" ? s.progress : undefined } : { kind: "running", stage, detail },
        ),
      onLayer: (layer) => {
        if (!layer.original) shownPreview = undefined;
        this.setStatus((s) => (s.kind === "running" ? { ...s, layer, progress: layer.original ? s.progress : undefined } : s));
      },
      onProgress: (progress: Progress, batch: BatchProgress) => {
        // Previews come every few iterations: keep showing the last one in between.
        shownPreview = progress.preview ?? shownPreview;
        if (batch.index === 0) meter.note(progress);
        const timeLeft = eta.note(progress, batch);
        this.setStatus((s) => ({
          ...(s.kind === "running" ? s : {}),
          kind: "running",
          stage: "stylizing",
          progress: { ...progress, preview: shownPreview },
          batch,
          eta: { ...timeLeft, at: performance.now() },
        }));
      },
    };
  }

  /** A job that ended: its results placed (done), or held for review (asked for, or left by a cancelled batch). */
  private finish(out: JobResult, single: boolean, replaceId: string | undefined, contents: number): void {
    const secs = (out.finished.reduce((a, f) => a + f.stats.elapsedMs, 0) / 1000).toFixed(1);
    const first = out.finished[0];
    if (single && first) this.last = { inputs: first.inputs, image: first.image, resultId: out.placedIds[0] ?? replaceId };
    this.placed = out.placedIds;
    if (out.cancelled || out.placedIds.length === 0) {
      this.update({
        pending: { finished: out.finished, updating: !!replaceId, secs, ...(out.cancelled ? { cancelledOf: contents } : {}) },
        status: { kind: "review" },
      });
    } else {
      this.setStatus({
        kind: "done",
        message: doneMessage(this.deps.host, out.finished.length, !!replaceId, secs, first.request.mode ?? "layer"),
        image: single ? first.image : undefined,
        original: single ? first.inputs.content : undefined,
      });
    }
  }

  private fail(e: unknown, signal: AbortSignal): void {
    if (e === CONTEXT_LOST || signal.reason === CONTEXT_LOST) {
      this.deps.engine.afterContextLost(); // the tensors died with the context
      this.setStatus({ kind: "error", message: CONTEXT_LOST.message });
    } else if (isRestyleError(e) && e.code === "cancelled") {
      this.setStatus({ kind: "cancelled", message: "Cancelled. Nothing was added to the document." });
    } else {
      this.setStatus({ kind: "error", message: messageOf(e) });
    }
  }

  private setStatus(next: Status | ((s: Status) => Status)): void {
    const status = typeof next === "function" ? next(this.view.status) : next;
    if (status !== this.view.status) this.update({ status });
  }

  private update(patch: Partial<RunView>): void {
    this.view = { ...this.view, ...patch };
    this.onChange(this.view);
  }
}

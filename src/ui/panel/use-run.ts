/**
 * The run's lifecycle: a job started with hooks that feed the status, its results placed or held
 * for review, cancelled on request (or when the panel goes), stopped at once when the GPU context
 * is lost, and the rate it measured taught to the pre-run estimate. The estimate's probe lives here
 * too because it gives way to each run.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { isRestyleError } from "../../engine/errors";
import type { Progress, RgbaImage } from "../../engine/types";
import { sameRoles, type LayerChoice, type PlaceMode } from "../../shared/layers";
import { messageOf } from "../../kit/message-of";
import type { PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import { CONTEXT_LOST } from "../../shared/context-lost";
import type { Engine, EngineInfo } from "../run/engine";
import { PRESET_COST, type DeviceRate } from "../run/estimate";
import { RunRateMeter } from "../run/estimate-probe";
import { rolesOf, type BatchRoles } from "../run/plan";
import { placeAll, runJob, type BatchProgress, type Finished, type RunHooks, type RunInputs, type Stage } from "../run/run-job";
import { doneMessage } from "./done-message";
import type { Status } from "./RunStatus";
import { useDeviceRate } from "./use-estimate";

/** The last single result's pixels, so a strength change can re-run from it. */
interface Last {
  inputs: RunInputs;
  image: RgbaImage;
  /** Its id in the document; absent while it waits for review. */
  resultId?: string;
}

/** Results made and not placed: waiting for review, or left by a cancelled batch. */
export interface Pending {
  finished: Finished[];
  cancelledOf?: number;
  /** What the done message says once they are placed. */
  updating: boolean;
  secs: string;
}

export interface RunSetup {
  host: Host;
  engine: Engine;
  choice: LayerChoice | null;
  roles: BatchRoles | null;
  mode: PlaceMode;
  /** The latest settings, even when a slider's change event beats the re-render. */
  settings: { readonly current: PanelSettings };
  /** Whether the estimate's probe may run (it waits, besides, while a run is under way). */
  probeWanted: boolean;
  /** The engine has started (for the probe or a run): what it runs on. */
  onEngine: (info: EngineInfo) => void;
}

export interface RunState {
  status: Status;
  running: boolean;
  pending: Pending | null;
  /** This device's rate for the estimate beside Run. */
  rate: DeviceRate | null;
  /** Runs the chosen layers; `warmOnly`: only as a re-run from the last single result (a strength change). */
  run: (warmOnly: boolean) => Promise<void>;
  placePending: () => Promise<void>;
  discardPending: () => void;
  cancel: () => void;
  /** Whether the id is one this panel placed last: the editor selecting it is the run's own echo, not a new choice. */
  placedLast: (id: string) => boolean;
  /** Drops what the panel said about the last run (done, cancelled, error); a run or a review stays. */
  clearOutcome: () => void;
  /** Starts the engine (the run does, and so does loading the full weights), telling onEngine what it runs on. */
  startEngine: () => Promise<EngineInfo>;
}

export function useRun({ host, engine, choice, roles, mode, settings, probeWanted, onEngine }: RunSetup): RunState {
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [pending, setPending] = useState<Pending | null>(null);
  const [last, setLast] = useState<Last | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Set before the first await of a run or a placement: a second call before the panel re-renders
  // (two events in one task) still sees `running` false, and must not start another.
  const busy = useRef(false);
  // Ids this panel placed last (see placedLast).
  const placedRef = useRef<string[]>([]);
  const running = status.kind === "running";

  useEffect(() => () => abort.current?.abort(), []);

  // This device's speed for the estimate beside Run: probed once layers are chosen, then learnt from each run.
  const { rate, stopProbe, learn: learnRate } = useDeviceRate(engine, probeWanted && !running, onEngine);

  const startEngine = useCallback(async () => {
    const info = await engine.start();
    onEngine(info);
    return info;
  }, [engine, onEngine]);

  const run = useCallback(
    async (warmOnly: boolean) => {
      if (!choice || !roles || running || busy.current) return;
      const single = roles.contentIds.length === 1 ? rolesOf(roles)[0] : null;
      const warmFrom = single && last && sameRoles(last.inputs.roles, single) ? last : null;
      if (warmOnly && !warmFrom) return;
      busy.current = true;
      const ac = new AbortController();
      abort.current = ac;
      // A lost context can leave tfjs waiting on the GPU forever: the panel stops waiting at once.
      let stopWatching = () => {};
      const lost = new Promise<never>((_, reject) => {
        stopWatching = engine.onContextLost(() => {
          ac.abort(CONTEXT_LOST);
          reject(CONTEXT_LOST);
        });
      });
      lost.catch(() => undefined);
      setPending(null);
      setStatus({ kind: "running", stage: "weights" });
      const replaceId = single ? (choice.resultId ?? (warmOnly ? warmFrom?.resultId : undefined)) : undefined;
      const reviewFirst = !!settings.current.reviewFirst;
      const meter = new RunRateMeter(PRESET_COST[settings.current.preset]);
      let backendName = "";
      try {
        await stopProbe(); // the engine is the run's from here
        backendName = (await startEngine()).name;
        let shownPreview: RgbaImage | undefined;
        const hooks: RunHooks = {
          signal: ac.signal,
          onStage: (stage: Stage, detail?: string) =>
            setStatus((s) =>
              s.kind === "running" ? { ...s, stage, detail, progress: stage === "stylizing" ? s.progress : undefined } : { kind: "running", stage, detail },
            ),
          onLayer: (layer) => {
            if (!layer.original) shownPreview = undefined;
            setStatus((s) => (s.kind === "running" ? { ...s, layer, progress: layer.original ? s.progress : undefined } : s));
          },
          onProgress: (progress: Progress, batch: BatchProgress) => {
            // Previews come every few iterations: keep showing the last one in between.
            shownPreview = progress.preview ?? shownPreview;
            if (batch.index === 0) meter.note(progress);
            setStatus((s) => ({
              ...(s.kind === "running" ? s : {}),
              kind: "running",
              stage: "stylizing",
              progress: { ...progress, preview: shownPreview },
              batch,
            }));
          },
        };
        const warm = warmOnly && warmFrom ? { inputs: warmFrom.inputs, init: warmFrom.image } : undefined;
        // settings.current: the latest values, even when a slider's change event beats the re-render.
        const job = runJob(host, choice.layers, roles, settings.current, engine, hooks, { replaceId, warm, mode, place: !reviewFirst });
        const out = await Promise.race([lost, job]);
        const secs = (out.finished.reduce((a, f) => a + f.stats.elapsedMs, 0) / 1000).toFixed(1);
        const first = out.finished[0];
        if (single && first) setLast({ inputs: first.inputs, image: first.image, resultId: out.placedIds[0] ?? replaceId });
        placedRef.current = out.placedIds;
        if (out.cancelled || out.placedIds.length === 0) {
          setPending({ finished: out.finished, updating: !!replaceId, secs, ...(out.cancelled ? { cancelledOf: roles.contentIds.length } : {}) });
          setStatus({ kind: "review" });
        } else {
          setStatus({
            kind: "done",
            message: doneMessage(host, out.finished.length, !!replaceId, secs, first.request.mode ?? "layer"),
            image: single ? first.image : undefined,
            original: single ? first.inputs.content : undefined,
          });
        }
      } catch (e) {
        if (e === CONTEXT_LOST || ac.signal.reason === CONTEXT_LOST) {
          engine.afterContextLost(); // the tensors died with the context
          setStatus({ kind: "error", message: CONTEXT_LOST.message });
        } else if (isRestyleError(e) && e.code === "cancelled") {
          setStatus({ kind: "cancelled", message: "Cancelled. Nothing was added to the document." });
        } else {
          setStatus({ kind: "error", message: messageOf(e) });
        }
      } finally {
        stopWatching();
        abort.current = null;
        busy.current = false;
        const learnt = backendName ? meter.rate(backendName) : null;
        if (learnt) learnRate(learnt);
      }
    },
    [choice, roles, running, last, host, engine, mode, settings, startEngine, stopProbe, learnRate],
  );

  const placePending = async () => {
    if (!pending || running || busy.current) return;
    const p = pending;
    busy.current = true;
    setStatus({ kind: "running", stage: "placing" });
    try {
      const ids = await placeAll(
        host,
        p.finished.map((f) => f.request),
      );
      placedRef.current = ids;
      setPending(null);
      const first = p.finished[0];
      const single = p.finished.length === 1;
      if (single) setLast((l) => (l && l.image === first.image ? { ...l, resultId: ids[0] } : l));
      setStatus({
        kind: "done",
        message: doneMessage(host, p.finished.length, p.updating, p.secs, first.request.mode ?? "layer"),
        image: single ? first.image : undefined,
        original: single ? first.inputs.content : undefined,
      });
    } catch (e) {
      setStatus({ kind: "error", message: messageOf(e) }); // the results stay for another try
    } finally {
      busy.current = false;
    }
  };

  const discardPending = () => {
    if (!pending) return;
    setPending(null);
    setStatus({ kind: "cancelled", message: "Discarded. Nothing was added to the document." });
  };

  const cancel = useCallback(() => abort.current?.abort(), []);
  const placedLast = useCallback((id: string) => placedRef.current.includes(id), []);
  const clearOutcome = useCallback(() => setStatus((s) => (s.kind === "done" || s.kind === "cancelled" || s.kind === "error" ? { kind: "idle" } : s)), []);

  return { status, running, pending, rate, run, placePending, discardPending, cancel, placedLast, clearOutcome, startEngine };
}

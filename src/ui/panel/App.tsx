/**
 * The panel every host shares. It owns the run (backend, weights, stylize) and talks to the
 * editor only through `host`.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { isRestyleError } from "../../engine/errors";
import type { Progress, RgbaImage } from "../../engine/types";
import { sameRoles, type LayerChoice, type LayerInfo, type PlaceMode } from "../../shared/layers";
import { messageOf } from "../../shared/message-of";
import { DEFAULT_SETTINGS, sanitizeSettings, type PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import { CONTEXT_LOST } from "../run/context-lost";
import { createEngine, PANEL_THREAD_NOTE, type Engine, type EngineInfo } from "../run/engine";
import { ROUTE_NAMES } from "../run/engine-routes";
import { describeProbe } from "../run/probe-result";
import { estimateRunMs, formatEstimate, panelRunShape, PRESET_COST } from "../run/estimate";
import { RunRateMeter } from "../run/estimate-probe";
import { carryWeights, makeContent, resolveRoles, rolesOf, setRole, settingsFromRecall, styleWeight, toggleStyle, type BatchRoles } from "../run/plan";
import { placeAll, runJob, type BatchProgress, type Finished, type RunHooks, type RunInputs, type Stage } from "../run/run-job";
import { Controls } from "./Controls";
import { doneMessage } from "./done-message";
import { Gallery } from "./Gallery";
import { LayerRoles } from "./LayerRoles";
import { LoadWeights } from "./LoadWeights";
import { PlaceModeChoice } from "./PlaceModeChoice";
import { contentMissing, RecallNote } from "./RecallNote";
import { Review } from "./Review";
import { RunStatus, type Status } from "./RunStatus";
import { useDeviceRate } from "./use-estimate";
import { useKeys } from "./use-keys";

/** The last single result's pixels, so a strength change can re-run from it. */
interface Last {
  inputs: RunInputs;
  image: RgbaImage;
  /** Its id in the document; absent while it waits for review. */
  resultId?: string;
}

/** Results made and not placed: waiting for review, or left by a cancelled batch. */
interface Pending {
  finished: Finished[];
  cancelledOf?: number;
  /** What the done message says once they are placed. */
  updating: boolean;
  secs: string;
}

const galleryOf = (r: BatchRoles | null) => (r ? r.styleIds.filter((s) => s.startsWith("gallery:")) : []);

export function App({ host }: { host: Host }) {
  const [choice, setChoice] = useState<LayerChoice | null>(null);
  const [roles, setRoles] = useState<BatchRoles | null>(null);
  const [settings, setSettings] = useState<PanelSettings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [backend, setBackend] = useState<EngineInfo | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  // One engine for the panel's life: in a worker when the browser allows (created now, so it is warm by Run).
  const engineRef = useRef<Engine | null>(null);
  engineRef.current ??= createEngine();
  const engine = engineRef.current;
  const [last, setLast] = useState<Last | null>(null);
  const abort = useRef<AbortController | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  // The earlier result whose parameters were last put into the settings (each selected result once).
  const recalled = useRef<string | null>(null);
  // Ids this panel placed last: the editor selecting one of them is the run's own echo, not a new choice.
  const placedRef = useRef<string[]>([]);
  const running = status.kind === "running";
  const modes = host.placeModes ?? ["layer"];

  useEffect(() => {
    let alive = true;
    host
      .loadSettings()
      .catch(() => ({}))
      .then((s) => {
        if (!alive) return;
        setSettings(sanitizeSettings(s));
        setLoaded(true);
      });
    return () => {
      alive = false;
    };
  }, [host]);

  // Layers arrive after the settings so the remembered roles can be applied to them.
  useEffect(() => {
    if (!loaded) return;
    return host.watchLayers((c) => {
      setChoice(c);
      setRoles((prev) => resolveRoles(c, settingsRef.current.lastRoles, galleryOf(prev)));
      if (c.resultId && c.recall && recalled.current !== c.resultId) {
        const { params, goneStyles } = c.recall;
        setSettings((s) => sanitizeSettings(settingsFromRecall(s, params, goneStyles)));
      }
      // Another earlier result selected: what the panel said about the last run is not about this one.
      if (c.resultId && c.resultId !== recalled.current && !placedRef.current.includes(c.resultId)) {
        setStatus((s) => (s.kind === "done" || s.kind === "cancelled" || s.kind === "error" ? { kind: "idle" } : s));
      }
      recalled.current = c.resultId ?? null;
    });
  }, [host, loaded]);

  useEffect(() => () => (abort.current?.abort(), engine.dispose()), [engine]);

  // Read by the tests and useful when debugging: the tfjs backend and the thread it runs on.
  useEffect(() => {
    if (!backend) return;
    document.documentElement.dataset.backend = backend.name;
    document.documentElement.dataset.engine = backend.where;
    document.documentElement.dataset.route = backend.route;
  }, [backend]);

  const startEngine = async () => {
    const info = await engine.start();
    setBackend(info);
    return info;
  };

  // This device's speed for the estimate beside Run: probed once layers are chosen, then learnt from each run.
  const { rate: deviceRate, stopProbe, learn: learnRate } = useDeviceRate(engine, loaded && !!choice && !choice.problem && !running, setBackend);

  // Settings persist a moment after the last change (a slider drag is many changes).
  useEffect(() => {
    if (!loaded) return;
    const t = setTimeout(() => void host.saveSettings(settings).catch(() => undefined), 400);
    return () => clearTimeout(t);
  }, [host, settings, loaded]);

  const update = (patch: Partial<PanelSettings>) => setSettings((s) => sanitizeSettings({ ...s, ...patch }));

  const chooseRoles = (r: BatchRoles) => {
    if (!roles) return;
    const styleWeights = carryWeights(settingsRef.current, roles.styleIds, r.styleIds);
    setRoles(r);
    update({ styleWeights, ...(r.contentIds.length === 1 ? { lastRoles: { contentId: r.contentIds[0], styleIds: [...r.styleIds] } } : {}) });
  };

  const recall = choice?.resultId ? choice.recall : undefined;
  const mode: PlaceMode = recall ? recall.mode : modes.includes("fill") ? (settings.placeMode ?? "layer") : "layer";

  const run = useCallback(
    async (warmOnly: boolean) => {
      if (!choice || !roles || running) return;
      const single = roles.contentIds.length === 1 ? rolesOf(roles)[0] : null;
      const warmFrom = single && last && sameRoles(last.inputs.roles, single) ? last : null;
      if (warmOnly && !warmFrom) return;
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
      const reviewFirst = !!settingsRef.current.reviewFirst;
      const meter = new RunRateMeter(PRESET_COST[settingsRef.current.preset]);
      let backendName = "";
      try {
        await stopProbe(); // the engine is the run's from here
        backendName = (await startEngine()).name;
        let shownPreview: RgbaImage | undefined;
        const hooks: RunHooks = {
          signal: ac.signal,
          onStage: (stage: Stage, detail?: string) =>
            setStatus((s) => (s.kind === "running" ? { ...s, stage, detail, progress: stage === "stylizing" ? s.progress : undefined } : { kind: "running", stage, detail })),
          onLayer: (layer) => {
            if (!layer.original) shownPreview = undefined;
            setStatus((s) => (s.kind === "running" ? { ...s, layer, progress: layer.original ? s.progress : undefined } : s));
          },
          onProgress: (progress: Progress, batch: BatchProgress) => {
            // Previews come every few iterations: keep showing the last one in between.
            shownPreview = progress.preview ?? shownPreview;
            if (batch.index === 0) meter.note(progress);
            setStatus((s) => ({ ...(s.kind === "running" ? s : {}), kind: "running", stage: "stylizing", progress: { ...progress, preview: shownPreview }, batch }));
          },
        };
        const warm = warmOnly && warmFrom ? { inputs: warmFrom.inputs, init: warmFrom.image } : undefined;
        // settingsRef: the latest values, even when a slider's change event beats the re-render.
        const job = runJob(host, choice.layers, roles, settingsRef.current, engine, hooks, { replaceId, warm, mode, place: !reviewFirst });
        const out = await Promise.race([lost, job]);
        const secs = (out.finished.reduce((a, f) => a + f.stats.elapsedMs, 0) / 1000).toFixed(1);
        const first = out.finished[0];
        if (single && first) setLast({ inputs: first.inputs, image: first.image, resultId: out.placedIds[0] ?? replaceId });
        placedRef.current = out.placedIds;
        if (out.cancelled || out.placedIds.length === 0) {
          setPending({ finished: out.finished, updating: !!replaceId, secs, ...(out.cancelled ? { cancelledOf: roles.contentIds.length } : {}) });
          setStatus({ kind: "review" });
        } else {
          setStatus({ kind: "done", message: doneMessage(host, out.finished.length, !!replaceId, secs, first.request.mode ?? "layer"), image: single ? first.image : undefined, original: single ? first.inputs.content : undefined });
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
        const learnt = backendName ? meter.rate(backendName) : null;
        if (learnt) learnRate(learnt);
      }
    },
    [choice, roles, running, last, host, engine, mode, stopProbe, learnRate],
  );

  const placePending = async () => {
    if (!pending || running) return;
    const p = pending;
    setStatus({ kind: "running", stage: "placing" });
    try {
      const ids = await placeAll(host, p.finished.map((f) => f.request));
      placedRef.current = ids;
      setPending(null);
      const first = p.finished[0];
      if (p.finished.length === 1) setLast((l) => (l && l.image === first.image ? { ...l, resultId: ids[0] } : l));
      const single = p.finished.length === 1;
      setStatus({ kind: "done", message: doneMessage(host, p.finished.length, p.updating, p.secs, first.request.mode ?? "layer"), image: single ? first.image : undefined, original: single ? first.inputs.content : undefined });
    } catch (e) {
      setStatus({ kind: "error", message: messageOf(e) }); // the results stay for another try
    }
  };

  const discardPending = () => {
    if (!pending) return;
    setPending(null);
    setStatus({ kind: "cancelled", message: "Discarded. Nothing was added to the document." });
  };

  const problem = choice?.problem ?? (loaded && !choice ? "Waiting for the editor…" : null);
  const gone = !!recall && contentMissing(recall);
  const noStyle = !!roles && roles.styleIds.length === 0;
  const canRun = !!choice && !!roles && !problem && loaded && !noStyle && !gone && roles.contentIds.length > 0;
  const reviewing = !!pending && !running;

  useKeys({
    onEnter: () => (reviewing ? void placePending() : canRun && !running ? void run(false) : undefined),
    onEscape: () => (running ? abort.current?.abort() : reviewing ? discardPending() : undefined),
  });

  const byId = new Map((choice?.layers ?? []).map((l) => [l.id, l]));
  const contents = (roles?.contentIds ?? []).map((id) => byId.get(id)).filter((l): l is LayerInfo => !!l);
  const weightsNow = (i: number) => styleWeight(settings, i);
  const estimateMs = deviceRate && roles && contents.length > 0 ? estimateRunMs(deviceRate, panelRunShape(settings, contents, roles.styleIds.length, screenDensity())) : Number.NaN;

  return (
    <main class="restyle" data-state={pending && !running ? "review" : status.kind} data-backend={backend?.name ?? ""}>
      {recall ? <RecallNote recall={recall} /> : null}
      {choice && roles && choice.layers.length > 0 ? (
        <LayerRoles
          layers={choice.layers}
          roles={roles}
          weights={weightsNow}
          disabled={running}
          onRole={(id, r) => chooseRoles(setRole(roles, id, r))}
          onSwap={(id) => chooseRoles(makeContent(roles, id))}
          onRemoveStyle={(id) => chooseRoles(toggleStyle(roles, id))}
          onWeight={(i, w) => {
            const ws = roles.styleIds.map((_, j) => weightsNow(j));
            ws[i] = w;
            update({ styleWeights: ws });
          }}
        />
      ) : null}
      {problem && !gone ? <p class="message hint">{problem}</p> : null}
      {!problem && noStyle ? <p class="message hint" data-hint="no-style">Pick a built-in style below, or also select a style layer.</p> : null}
      {!problem && choice?.note && roles && roles.contentIds.length === 1 && sameRoles(rolesOf(roles)[0], { contentId: choice.contentId ?? "", styleIds: choice.styleIds }) ? (
        <p class="message hint roles-note">{choice.note}</p>
      ) : null}

      <Gallery styleIds={roles?.styleIds ?? []} disabled={running || !roles} onToggle={(id) => roles && chooseRoles(toggleStyle(roles, id))} />

      <Controls settings={settings} disabled={running} onChange={update} onStrengthCommit={() => void run(true)} />

      {modes.includes("fill") ? <PlaceModeChoice mode={mode} contents={contents} disabled={running || !!recall} onChange={(m) => update({ placeMode: m })} /> : null}

      <LoadWeights
        disabled={running}
        install={async (files) => {
          await startEngine();
          return engine.installWeights(files);
        }}
        onLoaded={(preset) => update({ preset })}
      />

      {backend?.note ? <p class="message warn">{backend.note}</p> : null}
      {backend?.where === "main" ? (
        <p class="message hint" data-note="panel-thread">
          {PANEL_THREAD_NOTE}
        </p>
      ) : null}

      {reviewing ? null : (
        <div class="actions">
          {running ? (
            <button type="button" class="secondary" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : (
            <button type="button" class="primary" disabled={!canRun} onClick={() => void run(false)} title="Enter">
              {choice?.resultId && host.kind !== "standalone" ? "Update result" : contents.length > 1 ? `Run ${contents.length} layers` : "Run"}
            </button>
          )}
          {!running && canRun && Number.isFinite(estimateMs) ? (
            <span class="estimate" data-estimate-ms={Math.round(estimateMs)} title="Estimated from a short test run of this device">
              {formatEstimate(estimateMs)}
            </span>
          ) : null}
        </div>
      )}

      <RunStatus status={status} />
      {reviewing ? <Review key={pending.finished.map((f) => f.request.contentId).join()} finished={pending.finished} cancelledOf={pending.cancelledOf} onPlace={() => void placePending()} onDiscard={discardPending} /> : null}

      {backend ? (
        <details class="diagnostics">
          <summary>Diagnostics</summary>
          <ul>
            <li data-diag="engine">
              Engine: {ROUTE_NAMES[backend.route]}, {backend.name}
            </li>
            {backend.probe ? <li data-diag="probe" data-picked={backend.probe.picked}>Probe: {describeProbe(backend.probe)}</li> : null}
            {backend.tried.map((t) => (
              <li key={t}>Passed over: {t}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </main>
  );
}

/** The screen's density (Auto output follows it, as runJob does). */
function screenDensity(): number {
  const r = (globalThis as { devicePixelRatio?: unknown }).devicePixelRatio;
  return typeof r === "number" && Number.isFinite(r) && r > 0 ? r : 1;
}

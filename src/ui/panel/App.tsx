/**
 * The panel every host shares. It owns the run (backend, weights, stylize; its lifecycle is in
 * use-run.ts) and talks to the editor only through `host`.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { sameRoles, type LayerChoice, type LayerInfo, type PlaceMode } from "../../shared/layers";
import { DEFAULT_SETTINGS, sanitizeSettings, type PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import { createEngine, PANEL_THREAD_NOTE, type Engine, type EngineInfo } from "../run/engine";
import { ROUTE_NAMES } from "../engine-link/engine-routes";
import { describeProbe } from "../../shared/probe-result";
import { hostDensity } from "../run/screen-density";
import { formatEstimate, panelEstimateMs } from "../run/estimate";
import { carryWeights, makeContent, resolveRoles, rolesOf, setRole, settingsFromRecall, styleWeight, toggleStyle, type BatchRoles } from "../run/plan";
import { Controls } from "./Controls";
import { Gallery } from "./Gallery";
import { LayerRoles } from "./LayerRoles";
import { LoadWeights } from "./LoadWeights";
import { PlaceModeChoice } from "./PlaceModeChoice";
import { contentMissing, RecallNote } from "./RecallNote";
import { Review } from "./Review";
import { RunStatus } from "./RunStatus";
import { useKeys } from "./use-keys";
import { useRun } from "./use-run";

const galleryOf = (r: BatchRoles | null) => (r ? r.styleIds.filter((s) => s.startsWith("gallery:")) : []);

export function App({ host }: { host: Host }) {
  const [choice, setChoice] = useState<LayerChoice | null>(null);
  const [roles, setRoles] = useState<BatchRoles | null>(null);
  const [settings, setSettings] = useState<PanelSettings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const [backend, setBackend] = useState<EngineInfo | null>(null);
  // One engine for the panel's life: in a worker when the browser allows (created now, so it is warm by Run).
  const engineRef = useRef<Engine | null>(null);
  engineRef.current ??= createEngine();
  const engine = engineRef.current;
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  // The earlier result whose parameters were last put into the settings (each selected result once).
  const recalled = useRef<string | null>(null);
  const modes = host.placeModes ?? ["layer"];
  const recall = choice?.resultId ? choice.recall : undefined;
  const mode: PlaceMode = recall ? recall.mode : modes.includes("fill") ? (settings.placeMode ?? "layer") : "layer";

  const {
    status,
    running,
    pending,
    rate: deviceRate,
    run,
    placePending,
    discardPending,
    cancel,
    placedLast,
    clearOutcome,
    startEngine,
  } = useRun({
    host,
    engine,
    choice,
    roles,
    mode,
    settings: settingsRef,
    // The estimate's probe: once layers are chosen.
    probeWanted: loaded && !!choice && !choice.problem,
    onEngine: setBackend,
  });

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
      if (c.resultId && c.resultId !== recalled.current && !placedLast(c.resultId)) clearOutcome();
      recalled.current = c.resultId ?? null;
    });
  }, [host, loaded, placedLast, clearOutcome]);

  useEffect(() => () => engine.dispose(), [engine]);

  // Read by the tests and useful when debugging: the tfjs backend and the thread it runs on.
  useEffect(() => {
    if (!backend) return;
    document.documentElement.dataset.backend = backend.name;
    document.documentElement.dataset.engine = backend.where;
    document.documentElement.dataset.route = backend.route;
  }, [backend]);

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

  const problem = choice?.problem ?? (loaded && !choice ? "Waiting for the editor…" : null);
  const gone = !!recall && contentMissing(recall);
  const noStyle = !!roles && roles.styleIds.length === 0;
  const canRun = !!choice && !!roles && !problem && loaded && !noStyle && !gone && roles.contentIds.length > 0;
  const reviewing = !!pending && !running;

  useKeys({
    onEnter: () => (reviewing ? void placePending() : canRun && !running ? void run(false) : undefined),
    onEscape: () => (running ? cancel() : reviewing ? discardPending() : undefined),
  });

  const byId = new Map((choice?.layers ?? []).map((l) => [l.id, l]));
  const contents = (roles?.contentIds ?? []).map((id) => byId.get(id)).filter((l): l is LayerInfo => !!l);
  const weightsNow = (i: number) => styleWeight(settings, i);
  const estimateMs = panelEstimateMs(deviceRate, settings, contents, roles?.styleIds.length ?? 0, hostDensity(host.kind));

  return (
    <main class="restyle" data-state={reviewing ? "review" : status.kind} data-backend={backend?.name ?? ""}>
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
      {!problem && noStyle ? (
        <p class="message hint" data-hint="no-style">
          Pick a built-in style below, or also select a style layer.
        </p>
      ) : null}
      {!problem &&
      choice?.note &&
      roles &&
      roles.contentIds.length === 1 &&
      sameRoles(rolesOf(roles)[0], { contentId: choice.contentId ?? "", styleIds: choice.styleIds }) ? (
        <p class="message hint roles-note">{choice.note}</p>
      ) : null}

      <Gallery styleIds={roles?.styleIds ?? []} disabled={running || !roles} onToggle={(id) => roles && chooseRoles(toggleStyle(roles, id))} />

      <Controls
        settings={settings}
        disabled={running}
        contents={contents}
        density={hostDensity(host.kind)}
        onChange={update}
        onStrengthCommit={() => void run(true)}
      />

      {modes.includes("fill") ? (
        <PlaceModeChoice mode={mode} contents={contents} disabled={running || !!recall} onChange={(m) => update({ placeMode: m })} />
      ) : null}

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
            <button type="button" class="secondary" onClick={cancel}>
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
      {reviewing ? (
        <Review
          key={pending.finished.map((f) => f.request.contentId).join()}
          finished={pending.finished}
          cancelledOf={pending.cancelledOf}
          onPlace={() => void placePending()}
          onDiscard={discardPending}
        />
      ) : null}

      {backend ? (
        <details class="diagnostics">
          <summary>Diagnostics</summary>
          <ul>
            <li data-diag="engine">
              Engine: {ROUTE_NAMES[backend.route]}, {backend.name}
            </li>
            {backend.probe ? (
              <li data-diag="probe" data-picked={backend.probe.picked}>
                Probe: {describeProbe(backend.probe)}
              </li>
            ) : null}
            {backend.tried.map((t) => (
              <li key={t}>Passed over: {t}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </main>
  );
}

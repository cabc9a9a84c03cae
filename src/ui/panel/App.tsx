/**
 * The panel every host shares. It owns the run (backend, weights, stylize) and talks to the
 * editor only through `host`.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { isRestyleError } from "../../engine/errors";
import type { Progress } from "../../engine/types";
import { sameRoles, type LayerChoice } from "../../shared/layers";
import { messageOf } from "../../shared/message-of";
import type { Host } from "../hosts/host";
import { CONTEXT_LOST } from "../run/context-lost";
import { createEngine, PANEL_THREAD_NOTE, type Engine, type EngineInfo, type WeightsRef } from "../run/engine";
import { ROUTE_NAMES } from "../run/engine-routes";
import { makeContent, resolveRoles, styleWeight, type Roles } from "../run/plan";
import { decodePng, encodePng } from "../run/png-codec";
import { runJob, type RunDeps, type RunOutcome, type Stage } from "../run/run-job";
import { DEFAULT_SETTINGS, sanitizeSettings, type PanelSettings } from "../../shared/settings";
import { Controls } from "./Controls";
import { LayerRoles } from "./LayerRoles";
import { LoadWeights } from "./LoadWeights";
import { RunStatus, type Status } from "./RunStatus";

export function App({ host }: { host: Host }) {
  const [choice, setChoice] = useState<LayerChoice | null>(null);
  const [roles, setRoles] = useState<Roles | null>(null);
  const [settings, setSettings] = useState<PanelSettings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [backend, setBackend] = useState<EngineInfo | null>(null);
  // One engine for the panel's life: in a worker when the browser allows (created now, so it is warm by Run).
  const engineRef = useRef<Engine | null>(null);
  engineRef.current ??= createEngine();
  const engine = engineRef.current;
  const [last, setLast] = useState<RunOutcome | null>(null);
  const abort = useRef<AbortController | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const running = status.kind === "running";

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
      setRoles(resolveRoles(c, settingsRef.current.lastRoles));
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

  // Settings persist a moment after the last change (a slider drag is many changes).
  useEffect(() => {
    if (!loaded) return;
    const t = setTimeout(() => void host.saveSettings(settings).catch(() => undefined), 400);
    return () => clearTimeout(t);
  }, [host, settings, loaded]);

  const update = (patch: Partial<PanelSettings>) => setSettings((s) => sanitizeSettings({ ...s, ...patch }));

  const chooseRoles = (r: Roles) => {
    setRoles(r);
    update({ lastRoles: r });
  };

  const run = useCallback(
    async (warmOnly: boolean) => {
      if (!choice || !roles || running) return;
      const warmFrom = last && sameRoles(last.inputs.roles, roles) ? last : null;
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
      setStatus({ kind: "running", stage: "exporting" });
      const replaceId = choice.resultId ?? (warmOnly ? warmFrom?.resultId : undefined);
      try {
        await startEngine();
        const deps: RunDeps<WeightsRef> = {
          stylize: engine.stylize,
          weights: engine.weights,
          decode: decodePng,
          encode: encodePng,
        };
        const hooks = {
          signal: ac.signal,
          onStage: (stage: Stage, detail?: string) =>
            setStatus((s) => ({ kind: "running", stage, detail, progress: s.kind === "running" && stage === "stylizing" ? s.progress : undefined })),
          onProgress: (progress: Progress) => setStatus({ kind: "running", stage: "stylizing", progress }),
        };
        const warm = warmOnly && warmFrom ? { inputs: warmFrom.inputs, init: warmFrom.image } : undefined;
        // settingsRef: the latest values, even when a slider's change event beats the re-render.
        const job = runJob(host, choice.layers, roles, settingsRef.current, deps, hooks, { replaceId, warm });
        const outcome = await Promise.race([lost, job]);
        setLast(outcome);
        const secs = (outcome.stats.elapsedMs / 1000).toFixed(1);
        const undos = (host.updateUndoSteps ?? 1) === 1 ? "one undo reverts it" : `${host.updateUndoSteps} undos revert it`;
        const what = replaceId ? `Updated the result in ${secs} s; ${undos}.` : `Added the result in ${secs} s; one undo removes it.`;
        setStatus({ kind: "done", message: `${what} Move the strength slider to adjust it.`, image: outcome.image });
      } catch (e) {
        if (e === CONTEXT_LOST || ac.signal.reason === CONTEXT_LOST) {
          engine.afterContextLost(); // the tensors died with the context
          setStatus({ kind: "error", message: CONTEXT_LOST.message });
        } else if (isRestyleError(e) && e.code === "cancelled") {
          setStatus({ kind: "cancelled" });
        } else {
          setStatus({ kind: "error", message: messageOf(e) });
        }
      } finally {
        stopWatching();
        abort.current = null;
      }
    },
    [choice, roles, running, last, host, engine],
  );

  const problem = choice?.problem ?? (loaded && !choice ? "Waiting for the editor…" : null);
  const canRun = !!choice && !!roles && !problem && loaded;

  return (
    <main class="restyle" data-state={status.kind} data-backend={backend?.name ?? ""}>
      {choice && roles && choice.layers.length > 0 ? (
        <LayerRoles
          layers={choice.layers}
          roles={roles}
          weights={(i) => styleWeight(settings, i)}
          disabled={running}
          onMakeContent={(id) => chooseRoles(makeContent(roles, id))}
          onWeight={(i, w) => {
            const ws = roles.styleIds.map((_, j) => styleWeight(settings, j));
            ws[i] = w;
            update({ styleWeights: ws });
          }}
        />
      ) : null}
      {problem ? <p class="message hint">{problem}</p> : null}
      {!problem && choice?.note && roles && sameRoles(roles, { contentId: choice.contentId ?? "", styleIds: choice.styleIds }) ? (
        <p class="message hint roles-note">{choice.note}</p>
      ) : null}

      <Controls settings={settings} disabled={running} onChange={update} onStrengthCommit={() => void run(true)} />

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

      <div class="actions">
        {running ? (
          <button type="button" class="secondary" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        ) : (
          <button type="button" class="primary" disabled={!canRun} onClick={() => void run(false)}>
            {choice?.resultId ? "Update result" : "Run"}
          </button>
        )}
      </div>

      <RunStatus status={status} />

      {backend ? (
        <details class="diagnostics">
          <summary>Diagnostics</summary>
          <ul>
            <li data-diag="engine">
              Engine: {ROUTE_NAMES[backend.route]}, {backend.name}
            </li>
            {backend.tried.map((t) => (
              <li key={t}>Passed over: {t}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </main>
  );
}

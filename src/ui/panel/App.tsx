/**
 * The panel every host shares. It owns the run (backend, weights, stylize; its lifecycle is in
 * use-run.ts) and talks to the editor only through `host`; its state lives in the use-* hooks.
 */
import type { PlaceMode } from "../../shared/layers";
import type { Host } from "../hosts/host";
import { hostDensity } from "../run/screen-density";
import { panelEstimate } from "../run/estimate";
import { styleWeight, toggleStyle, type BatchRoles } from "../run/plan";
import { Advanced } from "./Advanced";
import { Controls } from "./Controls";
import { EngineNotes } from "./Diagnostics";
import { Gallery } from "./Gallery";
import { HelpTexts } from "./HelpTexts";
import { ChosenLayers } from "./LayerRoles";
import { PlaceModeChoice } from "./PlaceModeChoice";
import { RecallNote } from "./RecallNote";
import { PendingReview } from "./Review";
import { RoleHints, runGate } from "./RoleHints";
import { RunActions } from "./RunActions";
import { RunStatus } from "./RunStatus";
import { useEngine, useEngineLifetime } from "./use-engine";
import { contentLayers, rolesPatch, useHostLayers, useWatchLayers } from "./use-host-layers";
import { useKeys } from "./use-keys";
import { useRun } from "./use-run";
import { useSettingsStore } from "./use-settings-store";
import { useShowRun } from "./use-show-run";

const NO_ROLES: BatchRoles = { contentIds: [], styleIds: [] };

export function App({ host }: { host: Host }) {
  const { settings, setSettings, settingsRef, loaded, update } = useSettingsStore(host);
  const { choice, setChoice, roles, setRoles } = useHostLayers();
  const { engine, backend, setBackend } = useEngine();
  const modes = host.placeModes ?? ["layer"];
  const recall = choice?.resultId ? choice.recall : undefined;
  const mode: PlaceMode = recall ? recall.mode : modes.includes("fill") ? (settings.placeMode ?? "layer") : "layer";
  // The estimate's probe: once layers are chosen.
  const probeWanted = loaded && !!choice && !choice.problem;
  const r = useRun({ host, engine, choice, roles, mode, settings: settingsRef, probeWanted, onEngine: setBackend });
  const { status, running, pending, run, placePending, discardPending, cancel, placedLast, clearOutcome } = r;
  useWatchLayers({ host, loaded, settingsRef, setSettings, setChoice, setRoles, placedLast, clearOutcome });
  useEngineLifetime(engine, backend);
  useShowRun(host, status, roles?.styleIds);

  // Before any content is chosen, built-in picks are held in roles with no content (use-host-layers.ts).
  const chooseRoles = (next: BatchRoles) => {
    const patch = rolesPatch(settingsRef.current, roles ?? NO_ROLES, next);
    setRoles(next);
    update(patch);
  };

  const { problem, gone, noStyle, canRun } = runGate(choice, roles, loaded, recall);
  const reviewing = !!pending && !running;
  useKeys({
    onEnter: () => (reviewing ? void placePending() : canRun && !running ? void run(false) : undefined),
    onEscape: () => (running ? cancel() : reviewing ? discardPending() : undefined),
  });

  const contents = contentLayers(choice, roles);
  const weightsNow = (i: number) => styleWeight(settings, i);
  const estimate = panelEstimate(r.basis, settings, contents, roles?.styleIds.length ?? 0, hostDensity(host.kind));
  const runLabel = choice?.resultId && host.kind !== "standalone" ? "Update result" : contents.length > 1 ? `Run ${contents.length} layers` : "Run";

  return (
    <main class="restyle" data-state={reviewing ? "review" : status.kind} data-backend={backend?.name ?? ""}>
      {recall ? <RecallNote recall={recall} /> : null}
      {choice && roles && roles.contentIds.length > 0 && choice.layers.length > 0 ? (
        <ChosenLayers
          layers={choice.layers}
          roles={roles}
          weights={weightsNow}
          disabled={running}
          onChoose={chooseRoles}
          onWeights={(styleWeights) => update({ styleWeights })}
        />
      ) : null}
      <RoleHints choice={choice} roles={roles} problem={problem} gone={gone} noStyle={noStyle} />
      <Gallery styleIds={roles?.styleIds ?? []} disabled={running} onToggle={(id) => chooseRoles(toggleStyle(roles ?? NO_ROLES, id))} />
      <Controls
        settings={settings}
        disabled={running}
        contents={contents}
        styleCount={roles?.styleIds.length ?? 0}
        density={hostDensity(host.kind)}
        rate={r.basis.measured?.rate ?? null}
        onChange={update}
        onStrengthCommit={() => void run(true)}
      />
      {modes.includes("fill") ? (
        <PlaceModeChoice mode={mode} contents={contents} disabled={running || !!recall} onChange={(m) => update({ placeMode: m })} />
      ) : null}
      <EngineNotes backend={backend} />
      {reviewing ? null : <RunActions running={running} canRun={canRun} label={runLabel} estimate={estimate} onRun={() => void run(false)} onCancel={cancel} />}
      <RunStatus status={status} elsewhere={!!host.showRun} />
      {reviewing ? <PendingReview pending={pending} onPlace={() => void placePending()} onDiscard={discardPending} /> : null}
      <Advanced
        settings={settings}
        disabled={running}
        backend={backend}
        onChange={update}
        install={(files) => r.startEngine().then(() => engine.installWeights(files))}
        onLoaded={(preset) => update({ preset })}
      />
      <HelpTexts />
    </main>
  );
}

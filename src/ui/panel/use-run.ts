/**
 * The run's lifecycle as the panel sees it: RunController (run-controller.ts) does the work, this
 * hook hands it the latest inputs and re-renders on its changes. The estimate's probe lives here too
 * because it gives way to each run.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { LayerChoice, PlaceMode } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import type { Engine, EngineInfo } from "../run/engine";
import type { EstimateBasis } from "../run/estimate";
import type { BatchRoles } from "../run/plan";
import { RunController } from "./run-controller";
import type { Pending, RunView } from "./run-view";
import type { Status } from "./RunStatus";
import { useDeviceRate } from "./use-estimate";

export type { Pending } from "./run-view";

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
  /** What the estimate beside Run is made from: the device's class, then its measured rate. */
  basis: EstimateBasis;
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
  const [view, setView] = useState<RunView>({ status: { kind: "idle" }, pending: null });
  const running = view.status.kind === "running";
  // This device's speed for the estimate beside Run: probed once layers are chosen, then learnt from each run.
  const { basis, stopProbe, learn: learnRate } = useDeviceRate(engine, probeWanted && !running, onEngine);
  const deps = { host, engine, settings, onEngine, stopProbe, learnRate, basis };
  const [ctl] = useState(() => new RunController(deps, setView));
  ctl.deps = deps;

  useEffect(() => () => ctl.cancel(), [ctl]);

  const run = useCallback((warmOnly: boolean) => ctl.run(warmOnly, { choice, roles, mode }), [ctl, choice, roles, mode]);
  const { placePending, discardPending, cancel, placedLast, clearOutcome, startEngine } = ctl;
  return { status: view.status, running, pending: view.pending, basis, run, placePending, discardPending, cancel, placedLast, clearOutcome, startEngine };
}

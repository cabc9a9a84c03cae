/** Run (or Cancel while running) and the estimate beside it. */
import { formatEstimate, type PanelEstimate } from "../run/estimate";
import { help } from "./control-help";

export interface RunActionsProps {
  running: boolean;
  canRun: boolean;
  /** The Run button's words. */
  label: string;
  /** How long the run will take: a range from the device's class, then one figure once measured. */
  estimate: PanelEstimate | null;
  onRun: () => void;
  onCancel: () => void;
}

export function RunActions({ running, canRun, label, estimate, onRun, onCancel }: RunActionsProps) {
  return (
    <div class="actions">
      {running ? (
        <button type="button" class="secondary" onClick={onCancel} {...help("cancel")}>
          Cancel
        </button>
      ) : (
        <button type="button" class="primary" disabled={!canRun} onClick={onRun} {...help("run")}>
          {label}
        </button>
      )}
      {!running && canRun && estimate && Number.isFinite(estimate.highMs) ? (
        <span
          class="estimate"
          data-estimate-ms={Math.round((estimate.lowMs + estimate.highMs) / 2)}
          data-estimate-source={estimate.source}
          title={
            estimate.source === "class" ? "A first guess from this kind of device; a short test run narrows it" : "Estimated from a test run on this device"
          }
        >
          {formatEstimate(estimate)}
        </span>
      ) : null}
    </div>
  );
}

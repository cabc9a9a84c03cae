/** Run (or Cancel while running) and the estimate beside it. */
import { formatEstimate } from "../run/estimate";
import { help } from "./control-help";

export interface RunActionsProps {
  running: boolean;
  canRun: boolean;
  /** The Run button's words. */
  label: string;
  estimateMs: number;
  onRun: () => void;
  onCancel: () => void;
}

export function RunActions({ running, canRun, label, estimateMs, onRun, onCancel }: RunActionsProps) {
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
      {!running && canRun && Number.isFinite(estimateMs) ? (
        <span class="estimate" data-estimate-ms={Math.round(estimateMs)} title="Estimated from a short test run of this device">
          {formatEstimate(estimateMs)}
        </span>
      ) : null}
    </div>
  );
}

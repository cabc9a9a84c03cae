/**
 * Advanced, folded away: the steps, the network (with its files), and what the engine runs on. The
 * Detail choice sets the first two; a value set here that matches no choice shows there as Custom.
 */
import { BOUNDS } from "../../engine/defaults";
import type { PresetName } from "../../engine/types";
import type { PanelSettings } from "../../shared/settings";
import type { InstallWeights } from "../../weights/browser/pick-weights";
import type { EngineInfo } from "../run/engine";
import { help } from "./control-help";
import { Diagnostics } from "./Diagnostics";
import { LoadWeights } from "./LoadWeights";
import { NetworkChoice } from "./NetworkChoice";

interface Props {
  settings: PanelSettings;
  disabled: boolean;
  backend: EngineInfo | null;
  onChange: (patch: Partial<PanelSettings>) => void;
  install: InstallWeights;
  onLoaded: (preset: PresetName) => void;
}

export function Advanced({ settings, disabled, backend, onChange, install, onLoaded }: Props) {
  return (
    <details class="advanced">
      <summary {...help("advanced")}>Advanced</summary>
      <div class="advanced-body">
        <label class="row">
          <span class="label">Steps</span>
          <input
            type="number"
            name="iterations"
            min={BOUNDS.iterations[0]}
            max={BOUNDS.iterations[1]}
            step={1}
            value={settings.iterations}
            disabled={disabled}
            {...help("steps")}
            onChange={(e) => onChange({ iterations: Number((e.target as HTMLInputElement).value) })}
          />
        </label>
        <NetworkChoice settings={settings} disabled={disabled} onChange={onChange} />
        <LoadWeights disabled={disabled} install={install} onLoaded={onLoaded} />
        {backend ? <Diagnostics backend={backend} /> : null}
      </div>
    </details>
  );
}

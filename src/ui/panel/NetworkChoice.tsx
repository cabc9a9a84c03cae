/** Advanced: the network, Fast (Lite, built in) or Detailed (Full, downloaded once). */
import { NETWORK_NAMES } from "../../shared/settings";
import type { PresetName } from "../../engine/types";
import type { PanelSettings } from "../../shared/settings";
import { help } from "./control-help";

/** The network in words: "fast" / "detailed". */
export const networkName = (p: PresetName): string => (p === "lite" ? "fast" : "detailed");

export function NetworkChoice({
  settings,
  disabled,
  onChange,
}: {
  settings: PanelSettings;
  disabled: boolean;
  onChange: (patch: Partial<PanelSettings>) => void;
}) {
  return (
    <div class="row" role="radiogroup" aria-label="Network">
      <span class="label">Network</span>
      <div class="segmented">
        {(["lite", "full"] as const).map((p) => (
          <label key={p} class={settings.preset === p ? "on" : ""}>
            <input
              type="radio"
              name="preset"
              value={p}
              checked={settings.preset === p}
              disabled={disabled}
              {...help("network")}
              onChange={() => onChange({ preset: p })}
            />
            {NETWORK_NAMES[p]}
          </label>
        ))}
      </div>
    </div>
  );
}

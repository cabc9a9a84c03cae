/**
 * Detail: Draft / Balanced / Finest, each with what it is for and what it costs for the chosen
 * layers. It sets the network, the steps and (Draft) the size; settings that match none show as
 * Custom, with the values Advanced holds.
 */
import type { LayerInfo } from "../../shared/layers";
import { DRAFT_SIZE, type PanelSettings } from "../../shared/settings";
import { costWords, DETAIL_CHOICES, detailCost, detailOf, detailPatch, type DetailName } from "../run/detail-choices";
import type { DeviceRate } from "../run/estimate";
import { help, type HelpKey } from "./control-help";
import { networkName } from "./NetworkChoice";

export interface DetailChoiceProps {
  settings: PanelSettings;
  disabled: boolean;
  /** The chosen contents: the size menu shows the sides they come out at, the Detail choice what each costs for them. */
  contents: readonly LayerInfo[];
  styleCount: number;
  /** The density Auto paints the host's layers at (hostDensity). */
  density: number;
  /** This device's measured rate, once known (the Detail choice's costs use it). */
  rate: DeviceRate | null;
  onChange: (patch: Partial<PanelSettings>) => void;
}

const HELP_OF: Record<DetailName, HelpKey> = { draft: "detailDraft", balanced: "detailBalanced", finest: "detailFinest" };

export function DetailChoice({ settings, disabled, contents, styleCount, density, rate, onChange }: DetailChoiceProps) {
  const shown = detailOf(settings);
  return (
    <fieldset class="detail" {...help("detail")}>
      <legend class="label">Detail</legend>
      {DETAIL_CHOICES.map((c) => {
        const cost = c.name === "balanced" ? "" : costWords(detailCost(c.name, settings, contents, styleCount, density, rate));
        return (
          <label key={c.name} class={shown === c.name ? "detail-option on" : "detail-option"} data-detail={c.name}>
            <input
              type="radio"
              name="detail"
              value={c.name}
              checked={shown === c.name}
              disabled={disabled}
              {...help(HELP_OF[c.name])}
              onChange={() => onChange(detailPatch(c.name, settings))}
            />
            <span class="detail-name">{c.label}</span>
            <span class="detail-gist">
              {c.gist}
              {cost ? ` · ${cost}` : ""}
            </span>
          </label>
        );
      })}
      {shown === "custom" ? (
        <p class="detail-custom" data-detail="custom">
          Custom: {settings.iterations} {settings.iterations === 1 ? "step" : "steps"}, {networkName(settings.preset)} network
          {settings.size === DRAFT_SIZE ? ", quick size" : ""}. Set under Advanced, or pick one above.
        </p>
      ) : null}
    </fieldset>
  );
}

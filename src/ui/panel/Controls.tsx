/** The run's settings. Every range comes from BOUNDS (src/engine/defaults.ts). */
import { BOUNDS } from "../../engine/defaults";
import type { LayerInfo } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import { sizeChoices } from "../run/size-choices";
import { FullWeightsNote } from "./FullWeightsNote";

interface Props {
  settings: PanelSettings;
  disabled: boolean;
  /** The chosen contents: the size menu shows the sides they come out at. */
  contents: readonly LayerInfo[];
  /** The density Auto paints the host's layers at (hostDensity). */
  density: number;
  onChange: (patch: Partial<PanelSettings>) => void;
  /** The strength slider was released (a re-run from the current result may follow). */
  onStrengthCommit: () => void;
}

const num = (e: Event) => Number((e.target as HTMLInputElement).value);

export function Controls({ settings, disabled, contents, density, onChange, onStrengthCommit }: Props) {
  return (
    <div class="controls">
      <label class="row">
        <span class="label">Strength</span>
        <input
          type="range"
          name="strength"
          min={BOUNDS.strength[0]}
          max={BOUNDS.strength[1]}
          step={0.01}
          value={settings.strength}
          onInput={(e) => onChange({ strength: num(e) })}
          onChange={onStrengthCommit}
        />
        <output>{Math.round(settings.strength * 100)} %</output>
      </label>

      <QualityChoice settings={settings} disabled={disabled} onChange={onChange} />
      {settings.preset === "full" ? <FullWeightsNote disabled={disabled} /> : null}

      <label class="row">
        <span class="label">Iterations</span>
        <input
          type="number"
          name="iterations"
          min={BOUNDS.iterations[0]}
          max={BOUNDS.iterations[1]}
          step={1}
          value={settings.iterations}
          disabled={disabled}
          onChange={(e) => onChange({ iterations: num(e) })}
        />
      </label>

      <SizeChoice settings={settings} disabled={disabled} contents={contents} density={density} onChange={onChange} />

      <label class="row">
        <span class="label">Style scale</span>
        <input
          type="range"
          name="styleScale"
          min={BOUNDS.styleScale[0]}
          max={BOUNDS.styleScale[1]}
          step={0.05}
          value={settings.styleScale}
          disabled={disabled}
          onInput={(e) => onChange({ styleScale: num(e) })}
        />
        <output>{settings.styleScale.toFixed(2)}×</output>
      </label>

      <label class="row check">
        <input
          type="checkbox"
          name="preserveColors"
          checked={settings.preserveColors}
          disabled={disabled}
          onChange={(e) => onChange({ preserveColors: (e.target as HTMLInputElement).checked })}
        />
        <span>Keep the content’s colours</span>
      </label>

      <label class="row check">
        <input
          type="checkbox"
          name="reviewFirst"
          checked={!!settings.reviewFirst}
          disabled={disabled}
          onChange={(e) => onChange({ reviewFirst: (e.target as HTMLInputElement).checked })}
        />
        <span>Review before placing</span>
      </label>
    </div>
  );
}

/** Lite (built in) or Full (downloaded) weights. */
function QualityChoice({ settings, disabled, onChange }: Pick<Props, "settings" | "disabled" | "onChange">) {
  return (
    <div class="row" role="radiogroup" aria-label="Quality">
      <span class="label">Quality</span>
      <div class="segmented">
        {(["lite", "full"] as const).map((p) => (
          <label
            key={p}
            class={settings.preset === p ? "on" : ""}
            title={p === "lite" ? "Built in, fast: VGG19 blocks 1–3" : "Downloads the full VGG19 (52 MB): richer style"}
          >
            <input type="radio" name="preset" value={p} checked={settings.preset === p} disabled={disabled} onChange={() => onChange({ preset: p })} />
            {p === "lite" ? "Lite" : "Full"}
          </label>
        ))}
      </div>
    </div>
  );
}

/** The output size: Auto (the layer's own size, painted at it), Draft, and the fixed sizes, each naming the sides it paints. */
function SizeChoice({ settings, disabled, contents, density, onChange }: Omit<Props, "onStrengthCommit">) {
  return (
    <label class="row">
      <span class="label">Output size</span>
      <select name="size" value={String(settings.size)} disabled={disabled} onChange={(e) => onChange({ size: Number((e.target as HTMLSelectElement).value) })}>
        {sizeChoices(settings.size, contents, density).map((c) => (
          <option key={c.value} value={String(c.value)} title={c.title}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

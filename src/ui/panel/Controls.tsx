/** The run's settings a designer sets. Every range comes from BOUNDS (src/engine/defaults.ts); steps and the network are under Advanced. */
import { BOUNDS } from "../../engine/defaults";
import { sizeChoices } from "../run/size-choices";
import { help } from "./control-help";
import { DetailChoice, type DetailChoiceProps } from "./DetailChoice";
import { FullWeightsNote } from "./FullWeightsNote";

interface Props extends DetailChoiceProps {
  /** The strength slider was released (a re-run from the current result may follow). */
  onStrengthCommit: () => void;
}

const num = (e: Event) => Number((e.target as HTMLInputElement).value);

export function Controls({ settings, disabled, contents, styleCount, density, rate, onChange, onStrengthCommit }: Props) {
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
          {...help("strength")}
          onInput={(e) => onChange({ strength: num(e) })}
          onChange={onStrengthCommit}
        />
        <output>{Math.round(settings.strength * 100)} %</output>
      </label>

      <DetailChoice settings={settings} disabled={disabled} contents={contents} styleCount={styleCount} density={density} rate={rate} onChange={onChange} />
      {settings.preset === "full" ? <FullWeightsNote disabled={disabled} /> : null}

      <SizeChoice settings={settings} disabled={disabled} contents={contents} density={density} onChange={onChange} />

      <label class="row">
        <span class="label">Brush size</span>
        <input
          type="range"
          name="styleScale"
          min={BOUNDS.styleScale[0]}
          max={BOUNDS.styleScale[1]}
          step={0.05}
          value={settings.styleScale}
          disabled={disabled}
          {...help("brushSize")}
          onInput={(e) => onChange({ styleScale: num(e) })}
        />
        <output>{Math.round(settings.styleScale * 100)} %</output>
      </label>

      <label class="row check">
        <input
          type="checkbox"
          name="preserveColors"
          checked={settings.preserveColors}
          disabled={disabled}
          {...help("colours")}
          onChange={(e) => onChange({ preserveColors: (e.target as HTMLInputElement).checked })}
        />
        <span>Keep my layer’s colours</span>
      </label>

      <label class="row check">
        <input
          type="checkbox"
          name="reviewFirst"
          checked={!!settings.reviewFirst}
          disabled={disabled}
          {...help("reviewFirst")}
          onChange={(e) => onChange({ reviewFirst: (e.target as HTMLInputElement).checked })}
        />
        <span>Review before placing</span>
      </label>
    </div>
  );
}

/** The output size: Auto (the layer's own size, painted at it), up to the working size, and the fixed sizes, each naming the sides it paints. */
function SizeChoice({ settings, disabled, contents, density, onChange }: Pick<Props, "settings" | "disabled" | "contents" | "density" | "onChange">) {
  return (
    <label class="row">
      <span class="label">Size</span>
      <select
        name="size"
        value={String(settings.size)}
        disabled={disabled}
        {...help("size")}
        onChange={(e) => onChange({ size: Number((e.target as HTMLSelectElement).value) })}
      >
        {sizeChoices(settings.size, contents, density).map((c) => (
          <option key={c.value} value={String(c.value)} title={c.title}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "New layer" / "Fill on the layer", where the host can add a fill; names the layers that cannot take one. */
import type { LayerInfo, PlaceMode } from "../../shared/layers";
import { help } from "./control-help";

interface Props {
  mode: PlaceMode;
  /** The contents the results will go on. */
  contents: readonly LayerInfo[];
  disabled: boolean;
  onChange: (m: PlaceMode) => void;
}

export function PlaceModeChoice({ mode, contents, disabled, onChange }: Props) {
  const refused = mode === "fill" ? contents.filter((l) => l.noFill) : [];
  return (
    <div class="place-mode">
      <div class="row" role="radiogroup" aria-label="Place the result as">
        <span class="label">Place as</span>
        <div class="segmented">
          {(["layer", "fill"] as const).map((m) => (
            <label key={m} class={mode === m ? "on" : ""}>
              <input type="radio" name="placeMode" value={m} checked={mode === m} disabled={disabled} {...help("placeMode")} onChange={() => onChange(m)} />
              {m === "layer" ? "New layer" : "Fill on the layer"}
            </label>
          ))}
        </div>
      </div>
      {refused.map((l) => (
        <p key={l.id} class="message hint" data-nofill={l.id}>
          “{l.name}” gets a new layer instead: {l.noFill}
        </p>
      ))}
    </div>
  );
}

/** The chosen layers as thumbnails with their roles; the user swaps or reassigns them here. */
import { BOUNDS } from "../../engine/defaults";
import type { LayerInfo } from "../../shared/layers";
import type { Roles } from "../run/plan";
import { useObjectUrl } from "./use-object-url";

interface Props {
  layers: readonly LayerInfo[];
  roles: Roles;
  weights: (i: number) => number;
  disabled: boolean;
  onMakeContent: (id: string) => void;
  onWeight: (i: number, w: number) => void;
}

function Thumb({ layer }: { layer: LayerInfo }) {
  const url = useObjectUrl(layer.thumbnail);
  return <div class="thumb">{url ? <img src={url} alt="" /> : <span aria-hidden="true">▦</span>}</div>;
}

export function LayerRoles({ layers, roles, weights, disabled, onMakeContent, onWeight }: Props) {
  const byId = new Map(layers.map((l) => [l.id, l]));
  const ordered = [roles.contentId, ...roles.styleIds].map((id) => byId.get(id)).filter((l): l is LayerInfo => !!l);
  const several = roles.styleIds.length > 1;
  return (
    <ul class="layers" aria-label="Layers and roles">
      {ordered.map((l) => {
        const styleIndex = roles.styleIds.indexOf(l.id);
        const isContent = styleIndex < 0;
        return (
          <li key={l.id} class={isContent ? "layer content" : "layer style"} data-role={isContent ? "content" : "style"} data-id={l.id}>
            <Thumb layer={l} />
            <div class="layer-text">
              <span class="role">{isContent ? "Content" : several ? `Style ${styleIndex + 1}` : "Style"}</span>
              <span class="name" title={l.name}>
                {l.name}
              </span>
              <span class="dims">
                {Math.round(l.width)}×{Math.round(l.height)}
              </span>
            </div>
            {!isContent && (
              <div class="layer-actions">
                <button type="button" class="link" disabled={disabled} onClick={() => onMakeContent(l.id)}>
                  {several ? "Make content" : "Swap"}
                </button>
                {several && (
                  <label class="weight" title="Blend weight of this style">
                    <span>Weight</span>
                    <input
                      type="number"
                      min={BOUNDS.styleWeight[0]}
                      max={BOUNDS.styleWeight[1]}
                      step={0.1}
                      value={weights(styleIndex)}
                      disabled={disabled}
                      onChange={(e) => onWeight(styleIndex, Number((e.target as HTMLInputElement).value))}
                    />
                  </label>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

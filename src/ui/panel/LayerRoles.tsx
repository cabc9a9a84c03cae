/**
 * The chosen layers as thumbnails with their roles: each layer is a Content (one result each) or
 * a Style; built-in paintings picked in the gallery are listed with the styles. A weight per
 * style blends several.
 */
import { BOUNDS } from "../../engine/defaults";
import { galleryStyle } from "../../gallery";
import { gallerySlug, MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS, type LayerInfo } from "../../shared/layers";
import { makeContent, setRole, toggleStyle, type BatchRoles } from "../run/plan";
import { help } from "./control-help";
import { useObjectUrl } from "./use-object-url";

interface Props {
  layers: readonly LayerInfo[];
  roles: BatchRoles;
  weights: (i: number) => number;
  disabled: boolean;
  onRole: (id: string, role: "content" | "style") => void;
  /** One content and one layer style: exchange them. */
  onSwap: (id: string) => void;
  onRemoveStyle: (id: string) => void;
  onWeight: (i: number, w: number) => void;
}

function Thumb({ bytes, type }: { bytes?: Uint8Array; type?: string }) {
  const url = useObjectUrl(bytes, type);
  return <div class="thumb">{url ? <img src={url} alt="" /> : <span aria-hidden="true">▦</span>}</div>;
}

function Weight({ i, value, disabled, onWeight, name }: { i: number; value: number; disabled: boolean; onWeight: Props["onWeight"]; name: string }) {
  return (
    <label class="weight">
      <span>Weight</span>
      <input
        type="number"
        min={BOUNDS.styleWeight[0]}
        max={BOUNDS.styleWeight[1]}
        step={0.1}
        value={value}
        disabled={disabled}
        aria-label={`Weight of ${name}`}
        {...help("weight", `Weight of ${name}`)}
        onChange={(e) => onWeight(i, Number((e.target as HTMLInputElement).value))}
      />
    </label>
  );
}

export function LayerRoles({ layers, roles, weights, disabled, onRole, onSwap, onRemoveStyle, onWeight }: Props) {
  const several = roles.styleIds.length > 1;
  const batch = roles.contentIds.length > 1;
  const layerStyles = roles.styleIds.filter((s) => gallerySlug(s) === null);
  const canSwap = roles.contentIds.length === 1 && layerStyles.length === 1 && layers.length === 2;
  const rank = (id: string) => {
    const c = roles.contentIds.indexOf(id);
    if (c >= 0) return c;
    const s = roles.styleIds.indexOf(id);
    return s >= 0 ? 100 + s : 200;
  };
  const ordered = [...layers].sort((a, b) => rank(a.id) - rank(b.id));
  const gallery = roles.styleIds.filter((s) => gallerySlug(s) !== null);
  // The moves setRole would refuse are shown as such: no room left, or the only content.
  const allowed = (from: string, to: "content" | "style") =>
    to === "content"
      ? roles.contentIds.length < MAX_CONTENT_LAYERS
      : roles.styleIds.length < MAX_STYLE_LAYERS && !(from === "content" && roles.contentIds.length === 1);
  return (
    <ul class="layers" aria-label="Layers and roles">
      {ordered.map((l) => {
        const ci = roles.contentIds.indexOf(l.id);
        const si = roles.styleIds.indexOf(l.id);
        const role = ci >= 0 ? "content" : si >= 0 ? "style" : "none";
        const label = role === "content" ? (batch ? `Content ${ci + 1}` : "Content") : role === "style" ? (several ? `Style ${si + 1}` : "Style") : "Not used";
        return (
          <li key={l.id} class={`layer ${role}`} data-role={role} data-id={l.id}>
            <Thumb bytes={l.thumbnail} />
            <div class="layer-text">
              <span class="role">{label}</span>
              <span class="name" title={l.name}>
                {l.name}
              </span>
              <span class="dims">
                {Math.round(l.width)}×{Math.round(l.height)}
              </span>
            </div>
            <div class="layer-actions">
              {canSwap && role === "style" ? (
                <button type="button" class="link" disabled={disabled} onClick={() => onSwap(l.id)} {...help("swap")}>
                  Swap
                </button>
              ) : null}
              <RoleToggle name={l.name} role={role} disabled={disabled} allowed={(r) => allowed(role, r)} onRole={(r) => onRole(l.id, r)} />
              {role === "style" && several ? <Weight i={si} value={weights(si)} disabled={disabled} onWeight={onWeight} name={l.name} /> : null}
            </div>
          </li>
        );
      })}
      {gallery.map((id) => {
        const g = galleryStyle(gallerySlug(id)!);
        const si = roles.styleIds.indexOf(id);
        const name = g?.title ?? id;
        return (
          <li key={id} class="layer style built-in" data-role="style" data-id={id}>
            <Thumb bytes={g?.jpeg} type="image/jpeg" />
            <div class="layer-text">
              <span class="role">{several ? `Style ${si + 1}` : "Style"} · built-in</span>
              <span class="name" title={name}>
                {name}
              </span>
              <span class="dims">{g ? `${g.artist}, ${g.year}` : "not in this version"}</span>
            </div>
            <div class="layer-actions">
              <button type="button" class="link" disabled={disabled} onClick={() => onRemoveStyle(id)} aria-label={`Remove ${name}`} {...help("removeStyle")}>
                Remove
              </button>
              {several ? <Weight i={si} value={weights(si)} disabled={disabled} onWeight={onWeight} name={name} /> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The Content / Style switch of one layer; a move the roles would refuse is disabled. */
function RoleToggle(p: {
  name: string;
  role: string;
  disabled: boolean;
  allowed: (r: "content" | "style") => boolean;
  onRole: (r: "content" | "style") => void;
}) {
  return (
    <div class="role-toggle" role="group" aria-label={`Role of ${p.name}`}>
      {(["content", "style"] as const).map((r) => (
        <button
          key={r}
          type="button"
          class={p.role === r ? "on" : ""}
          aria-pressed={p.role === r}
          {...help("role", `${r === "content" ? "Content" : "Style"}: ${p.name}`)}
          disabled={p.disabled || (p.role !== r && !p.allowed(r))}
          onClick={() => p.onRole(r)}
        >
          {r === "content" ? "Content" : "Style"}
        </button>
      ))}
    </div>
  );
}

/** The chosen layers' roles, each change handed on as the whole new roles (or style weights). */
export function ChosenLayers(props: {
  layers: LayerInfo[];
  roles: BatchRoles;
  weights: (i: number) => number;
  disabled: boolean;
  onChoose: (roles: BatchRoles) => void;
  onWeights: (weights: number[]) => void;
}) {
  const { roles, weights, onChoose, onWeights } = props;
  return (
    <LayerRoles
      layers={props.layers}
      roles={roles}
      weights={weights}
      disabled={props.disabled}
      onRole={(id, r) => onChoose(setRole(roles, id, r))}
      onSwap={(id) => onChoose(makeContent(roles, id))}
      onRemoveStyle={(id) => onChoose(toggleStyle(roles, id))}
      onWeight={(i, w) => {
        const ws = roles.styleIds.map((_, j) => weights(j));
        ws[i] = w;
        onWeights(ws);
      }}
    />
  );
}

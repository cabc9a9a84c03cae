/**
 * "Built-in styles": the gallery's paintings as thumbnails. Each is a toggle button (click, Enter
 * or Space): a picked painting joins the styles, blendable with layer styles by weight. A pick made
 * before any layer is chosen is kept until one is (use-host-layers.ts), so the tiles stay enabled.
 */
import { GALLERY, type GalleryStyle } from "../../gallery";
import { galleryId, MAX_STYLE_LAYERS } from "../../shared/layers";
import { help } from "./control-help";
import { useObjectUrl } from "./use-object-url";

interface Props {
  /** The style ids chosen now (layer and gallery ids). */
  styleIds: readonly string[];
  disabled: boolean;
  onToggle: (styleId: string) => void;
}

function Tile({ g, picked, disabled, onToggle }: { g: GalleryStyle; picked: boolean; disabled: boolean; onToggle: () => void }) {
  const url = useObjectUrl(g.jpeg, "image/jpeg");
  return (
    <li>
      <button
        type="button"
        class={picked ? "tile on" : "tile"}
        aria-pressed={picked}
        disabled={disabled}
        onClick={onToggle}
        {...help("tile", `${g.title}, ${g.artist}, ${g.year}`)}
        data-slug={g.slug}
      >
        <span class="tile-img">{url ? <img src={url} alt="" width={g.width} height={g.height} /> : null}</span>
        <span class="tile-name">{g.title}</span>
      </button>
    </li>
  );
}

export function Gallery({ styleIds, disabled, onToggle }: Props) {
  if (GALLERY.length === 0) return null;
  const full = styleIds.length >= MAX_STYLE_LAYERS;
  return (
    <section class="gallery" aria-labelledby="gallery-title">
      <h2 id="gallery-title" class="section-title">
        Built-in styles
      </h2>
      <ul class="tiles">
        {GALLERY.map((g) => {
          const id = galleryId(g.slug);
          const picked = styleIds.includes(id);
          return <Tile key={g.slug} g={g} picked={picked} disabled={disabled || (full && !picked)} onToggle={() => onToggle(id)} />;
        })}
      </ul>
    </section>
  );
}

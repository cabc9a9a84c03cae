/**
 * Default roles for the selected layers. Figma documents the order of `currentPage.selection` as
 * unspecified, so it cannot mean "first clicked": the largest layer (by area) is the content (photos
 * and mock-ups are usually bigger than the swatch that carries a style), ties going to the layer
 * listed first; the others are styles, as many as a run takes. The panel lets the user swap or
 * reassign (several contents make a batch).
 */
import { MAX_STYLE_LAYERS, type Roles } from "../shared/layers";

export interface Sized {
  id: string;
  width: number;
  height: number;
}

export function defaultRoles(layers: readonly Sized[]): Roles<string | null> {
  if (layers.length === 0) return { contentId: null, styleIds: [] };
  let content = layers[0];
  for (const l of layers) if (l.width * l.height > content.width * content.height) content = l;
  return {
    contentId: content.id,
    styleIds: layers
      .filter((l) => l !== content)
      .map((l) => l.id)
      .slice(0, MAX_STYLE_LAYERS),
  };
}

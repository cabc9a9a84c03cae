/**
 * Photopea layers carry no plugin data, so the results this panel placed are remembered by document
 * and layer name while it stays open; selecting one brings back how it was made.
 */
import type { LayerChoice } from "../../shared/layers";
import { presentStyles, type ResultRecipe } from "../../shared/result-recipe";
import { layerSize, unusableReason, type PpListing } from "./photopea-listing";
import { pathToId } from "./photopea-scripts";

export const recordKey = (documentName: string, layerName: string) => `${documentName}\n${layerName}`;

/**
 * When the active layer is a result this panel placed: its sources found by name (built-in
 * paintings always present), its parameters, and the names of the sources no longer there.
 */
export function withRecall(c: LayerChoice, listing: PpListing, records: ReadonlyMap<string, ResultRecipe>): LayerChoice {
  const active = listing.layers.find((l) => l.active);
  const rec = active && listing.document ? records.get(recordKey(listing.document.name, active.name)) : undefined;
  if (!active || !rec) return c;
  const usable = listing.layers.filter((l) => l !== active && unusableReason(l) === null);
  const byName = (n: string) => usable.find((l) => l.name === n);
  const content = byName(rec.params.contentName);
  const ids = rec.params.styleNames.map((_, i) => rec.styleIds[i] ?? "");
  const { styleIds, goneStyles } = presentStyles(ids, (i) => {
    const layer = byName(rec.params.styleNames[i]);
    return layer ? pathToId(layer.path) : null;
  });
  return {
    layers: usable.map((l) => ({ id: pathToId(l.path), name: l.name, ...layerSize(l) })),
    contentId: content ? pathToId(content.path) : null,
    styleIds,
    problem: content ? null : `“${rec.params.contentName}”, the content this result was made from, is no longer in the document.`,
    resultId: pathToId(active.path),
    recall: { params: rec.params, mode: "layer", contentGone: !content, goneStyles },
  };
}

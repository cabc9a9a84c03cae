/**
 * How a placed result was made, as the hosts without plugin data remember it (the standalone page
 * in the result's PNG, Photopea while the panel is open), and the one rule every host uses to tell
 * which of a result's recorded styles are still there when it is selected again.
 */
import { isGalleryId } from "./layers";
import type { ResultParams } from "./result-params";

export interface ResultRecipe {
  params: ResultParams;
  /** The styles' ids when the result was made ("gallery:<slug>" for a built-in painting), in the order of params.styleNames. */
  styleIds: string[];
}

/**
 * The recorded styles that are still there, in the record's order, and the indices of those gone.
 * Built-in paintings are not layers: always there, by their recorded id. `find(i)` gives the id of
 * the host's layer or file that now stands for recorded style i, or null when there is none.
 */
export function presentStyles(recordedIds: readonly string[], find: (i: number) => string | null): { styleIds: string[]; goneStyles: number[] } {
  const styleIds: string[] = [];
  const goneStyles: number[] = [];
  recordedIds.forEach((id, i) => {
    const here = isGalleryId(id) ? id : find(i);
    if (here === null) goneStyles.push(i);
    else styleIds.push(here);
  });
  return { styleIds, goneStyles };
}

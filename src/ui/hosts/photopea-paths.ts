/**
 * How a layer path (indices from the top of the document, down through groups) changes when
 * another layer is inserted or deleted: the layers after it in the same group, and everything
 * inside them, move by one. A batch places several results in turn, so the paths it was given
 * for later contents and earlier results are carried through each step. Pure.
 */
import type { LayerPath } from "./photopea-scripts";

/** True when `p` is `at` or lies after it in the same group (or inside such a layer). */
function atOrAfter(p: LayerPath, at: LayerPath): boolean {
  const k = at.length - 1;
  if (p.length <= k) return false;
  for (let i = 0; i < k; i++) if (p[i] !== at[i]) return false;
  return p[k] >= at[k];
}

/** `p` after a layer was inserted at `at`. */
export function afterInsert(p: LayerPath, at: LayerPath): number[] {
  if (!atOrAfter(p, at)) return [...p];
  const k = at.length - 1;
  return [...p.slice(0, k), p[k] + 1, ...p.slice(k + 1)];
}

/** `p` after the layer at `at` was deleted; null when `p` was that layer or inside it. */
export function afterRemove(p: LayerPath, at: LayerPath): number[] | null {
  if (!atOrAfter(p, at)) return [...p];
  const k = at.length - 1;
  if (p[k] === at[k]) return null;
  return [...p.slice(0, k), p[k] - 1, ...p.slice(k + 1)];
}

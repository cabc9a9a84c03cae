/**
 * What the hosts and the panel say about layers: the layers offered, the roles chosen among them
 * and the result to place. The Figma sandbox and the panel both import it (it crosses the frame).
 */
import { isObj, isStr, isStrArray } from "./guards";

/** Which layer is the content and which are the styles; `Content` is `string | null` while no content is chosen. */
export interface Roles<Content extends string | null = string> {
  contentId: Content;
  styleIds: string[];
}

/** A run takes one content layer and at most this many style layers. */
export const MAX_STYLE_LAYERS = 4;

export function isRoles(x: unknown): x is Roles {
  return isObj(x) && isStr(x.contentId) && isStrArray(x.styleIds);
}

/** The same content and the same styles in the same order; false when either is missing. */
export function sameRoles(a: Roles | null | undefined, b: Roles | null | undefined): boolean {
  return !!a && !!b && a.contentId === b.contentId && a.styleIds.length === b.styleIds.length && a.styleIds.every((s, i) => s === b.styleIds[i]);
}

export interface LayerInfo {
  /** Host-specific stable id (Figma node id, Photopea layer path, file name…). */
  id: string;
  name: string;
  /** Size of the layer in document units (px). */
  width: number;
  height: number;
  /** Small PNG preview, if the host can produce one cheaply. */
  thumbnail?: Uint8Array;
}

/** The layers offered and the host's default roles among them. */
export interface LayerChoice extends Roles<string | null> {
  /** Layers the user may pick from, in a stable order. */
  layers: LayerInfo[];
  /** Why nothing can run yet (no selection, one layer…), in plain words; null when ready. */
  problem: string | null;
  /** Set when the user selected an earlier Restyle result: `layers` are then its sources, and a re-run may replace it. */
  resultId?: string;
  /** How the host chose the default roles, in plain words (shown under the layers). */
  note?: string;
}

/** The result to put into the document, with the roles it was made from. */
export interface PlaceRequest extends Roles {
  /** PNG of the result, at the output size. */
  png: Uint8Array;
  width: number;
  height: number;
  /** Name of the new layer: "<content> · <style>". */
  name: string;
  /** Parameters recorded with the result (Figma pluginData), JSON-serialisable. */
  params: Record<string, unknown>;
  /** When set, replace the pixels of this earlier result layer instead of adding a new one. */
  replaceId?: string;
}

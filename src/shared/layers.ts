/**
 * What the hosts and the panel say about layers: the layers offered, the roles chosen among them
 * and the result to place. The Figma sandbox and the panel both import it (it crosses the frame).
 */
import { isObj, isStr, isStrArray } from "../kit/guards";
import type { ResultParams } from "./result-params";

/** Which layer is the content and which are the styles; `Content` is `string | null` while no content is chosen. */
export interface Roles<Content extends string | null = string> {
  contentId: Content;
  styleIds: string[];
}

// The limits live in limits.ts (which imports nothing, so any module may check them); re-exported here, where the roles are.
export { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS, recordedStylesProblem } from "./limits";

/**
 * Style ids that name a built-in painting (src/gallery) rather than a layer: "gallery:<slug>".
 * They travel in Roles and result records like layer ids; hosts never export them.
 */
export const GALLERY_PREFIX = "gallery:";
export const galleryId = (slug: string): string => GALLERY_PREFIX + slug;
export const isGalleryId = (id: string): boolean => id.startsWith(GALLERY_PREFIX);
/** The slug of a gallery id, or null for a layer id. */
export const gallerySlug = (id: string): string | null => (isGalleryId(id) ? id.slice(GALLERY_PREFIX.length) : null);

/** How a result enters the document: a new layer above the content, or a new IMAGE paint on top of the content's own fills (Figma). */
export type PlaceMode = "layer" | "fill";
export const isPlaceMode = (x: unknown): x is PlaceMode => x === "layer" || x === "fill";

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
  /**
   * Why this layer cannot take the result as a fill (text, group, instance…), in plain words: a
   * lowercase clause that reads after the layer's name ("it is text, whose fills colour its
   * letters"); absent when it can or the host has no fills.
   */
  noFill?: string;
}

/** The layers offered and the host's default roles among them. */
export interface LayerChoice extends Roles<string | null> {
  /** Layers the user may pick from, in a stable order. */
  layers: LayerInfo[];
  /** Why nothing can run yet (no selection, one layer…), in plain words; null when ready. */
  problem: string | null;
  /** The host's default batch when it has one (the standalone page's dropped contents, contentId first); absent means [contentId]. */
  contentIds?: string[];
  /** Set when the user selected an earlier Restyle result: `layers` are then its sources, and a re-run may replace it. */
  resultId?: string;
  /** How the host chose the default roles, in plain words (shown under the layers). */
  note?: string;
  /** Set with resultId: how that result was made, so the panel can show it and "Update result" can re-run it. */
  recall?: Recall;
}

/** What a selected earlier result remembers (see result-params.ts), and which of its sources are gone. */
export interface Recall {
  params: ResultParams;
  mode: PlaceMode;
  /** The content layer is no longer in the document (nothing to re-run from). */
  contentGone: boolean;
  /**
   * Which recorded styles (indices into params.styleNames) are no longer there. Indices, not names:
   * layers often share a name ("Rectangle 1"), and a gone style must not read as a gone content.
   */
  goneStyles: number[];
}

/** The result to put into the document, with the roles it was made from. */
export interface PlaceRequest extends Roles {
  /** PNG of the result, at the output size. */
  png: Uint8Array;
  width: number;
  height: number;
  /** Name of the new layer: "<content> · <style>". */
  name: string;
  /** Parameters recorded with the result (Figma pluginData, a PNG tEXt chunk), JSON-serialisable; see ResultParams. */
  params: Record<string, unknown>;
  /** When set, replace the pixels of this earlier result (a layer, or for mode "fill" the content whose Restyle paint it is). */
  replaceId?: string;
  /** Default "layer". */
  mode?: PlaceMode;
}

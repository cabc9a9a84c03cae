/**
 * Photopea's layer listing: validating the echoed JSON (it crosses a frame) and turning it into
 * the panel's LayerChoice. Pure functions.
 *
 * Default roles: content = the active layer (else the topmost usable one); style = the nearest
 * usable layer with texture, below or above the content (below first at equal distance), never the
 * document background or a plain-colour layer while another candidate exists. When the active
 * layer is an earlier Restyle result, its own content and styles (and `resultId`, so it is updated).
 */
import { INPUT_LIMIT_WORDS, isTooLargeInput } from "../../engine/defaults";
import { isBool, isNonNegInt, isNum, isObj, isStr } from "../../kit/guards";
import { recordedStylesProblem, type LayerChoice, type LayerInfo, type Roles } from "../../shared/layers";
import { pathToId } from "./photopea-scripts";

export type PpLayerKind = "pixel" | "smart" | "text" | "group" | "adjustment" | "fill" | "other";
const KINDS: readonly PpLayerKind[] = ["pixel", "smart", "text", "group", "adjustment", "fill", "other"];

export interface PpLayer {
  path: number[];
  name: string;
  kind: PpLayerKind;
  /** [left, top, right, bottom] of the layer's pixels, document px. */
  bounds: [number, number, number, number];
  visible: boolean;
  active: boolean;
  /** The document's background layer (Photoshop's isBackgroundLayer). */
  background: boolean;
}

export interface PpListing {
  document: { name: string; width: number; height: number } | null;
  layers: PpLayer[];
}

/** The listing, or null when the reply does not have exactly the expected shape. */
export function parseListing(v: unknown): PpListing | null {
  if (!isObj(v) || !Array.isArray(v.layers) || v.layers.length > 10000) return null;
  let document: PpListing["document"] = null;
  if (v.document !== null) {
    const d = v.document;
    if (!isObj(d) || !isStr(d.name) || !isNum(d.width) || !isNum(d.height)) return null;
    document = { name: d.name, width: d.width, height: d.height };
  }
  const layers: PpLayer[] = [];
  for (const l of v.layers) {
    if (!isObj(l)) return null;
    const { path, name, kind, bounds, visible, active, background } = l;
    if (!Array.isArray(path) || !path.length || path.length > 16 || !path.every(isNonNegInt)) return null;
    if (!isStr(name) || !isStr(kind) || !KINDS.includes(kind as PpLayerKind)) return null;
    if (!Array.isArray(bounds) || bounds.length !== 4 || !bounds.every(isNum)) return null;
    if (!isBool(visible) || !isBool(active) || (background !== undefined && !isBool(background))) return null;
    layers.push({
      path: path as number[],
      name,
      kind: kind as PpLayerKind,
      bounds: bounds as PpLayer["bounds"],
      visible,
      active,
      background: background === true,
    });
  }
  // A document made in Photopea has a bottom layer "Background" even where isBackgroundLayer is not reported.
  const tops = layers.filter((l) => l.path.length === 1);
  const bottom = tops[tops.length - 1];
  if (bottom && bottom.name === "Background" && bottom.kind === "pixel") bottom.background = true;
  return { document, layers };
}

export function layerSize(l: PpLayer): { width: number; height: number } {
  return { width: Math.round(l.bounds[2] - l.bounds[0]), height: Math.round(l.bounds[3] - l.bounds[1]) };
}

/** Why a layer cannot be used as content or style; null when it can. */
export function unusableReason(l: PpLayer): string | null {
  switch (l.kind) {
    case "pixel":
    case "smart":
      break;
    case "text":
      return "a text layer";
    case "group":
      return "a group";
    case "adjustment":
      return "an adjustment layer";
    case "fill":
      return "a fill layer";
    default:
      return "not a pixel layer";
  }
  const { width, height } = layerSize(l);
  return width <= 0 || height <= 0 ? "empty" : null;
}

export const NOT_IN_PHOTOPEA =
  "This page runs inside Photopea: add it to Photopea as a plugin (see the README) and open it from there. Without Photopea, use the standalone page.";

export function choiceFromListing(listing: PpListing, plain: PlainLookup = () => undefined): LayerChoice {
  const none = (problem: string): LayerChoice => ({ layers: [], contentId: null, styleIds: [], problem });
  const doc = listing.document;
  if (!doc) return none("Open a document in Photopea first.");
  if (isTooLargeInput(doc.width, doc.height)) {
    return none(`This document is too large (${doc.width}×${doc.height} px); Restyle works up to ${INPUT_LIMIT_WORDS}.`);
  }
  const usable = listing.layers.filter((l) => unusableReason(l) === null);
  const layers: LayerInfo[] = usable.map((l) => ({ id: pathToId(l.path), name: l.name, ...layerSize(l) }));
  if (usable.length < 2) {
    const skipped = listing.layers
      .map((l) => ({ l, why: unusableReason(l) }))
      .filter((x) => x.why !== null)
      .slice(0, 4)
      .map((x) => `“${x.l.name}” is ${x.why}`);
    const why = skipped.length ? ` (${skipped.join("; ")}.)` : "";
    // One layer is enough with a built-in painting as the style (the panel offers them).
    if (usable.length === 1) {
      return {
        layers,
        contentId: layers[0].id,
        styleIds: [],
        problem: null,
        note: `This document has only one usable layer${why}: pick a built-in painting as the style, or add a pixel layer to use as one.`,
      };
    }
    return {
      layers,
      contentId: null,
      styleIds: [],
      problem: `Restyle needs a pixel layer for the content (and a built-in painting or a second layer for the style); this document has no usable layer.${why} Rasterise text or shape layers first.`,
    };
  }
  const earlier = earlierResult(listing.layers, usable);
  if (earlier) {
    const sources = layers.filter((l) => l.id !== earlier.resultId);
    return { layers: sources, contentId: earlier.contentId, styleIds: earlier.styleIds, problem: null, resultId: earlier.resultId };
  }
  const ci = contentIndex(usable);
  const pick = pickStyle(usable, ci, plain);
  const refused = refusedResultNote(listing.layers);
  return { layers, contentId: layers[ci].id, styleIds: [pathToId(pick.layer.path)], problem: null, note: refused ? `${refused} ${pick.note}` : pick.note };
}

/** The default content among the usable layers (panel order): the active one, else the topmost. */
export function contentIndex(usable: readonly PpLayer[]): number {
  const i = usable.findIndex((l) => l.active);
  return i >= 0 ? i : 0;
}

/**
 * The other usable layers, nearest to the content first (`usable` is in panel order, top to
 * bottom; at equal distance the one below comes first), the document background last.
 */
export function styleCandidates(usable: readonly PpLayer[], ci: number): PpLayer[] {
  const out: PpLayer[] = [];
  for (let d = 1; d < usable.length; d++) {
    if (ci + d < usable.length) out.push(usable[ci + d]);
    if (ci - d >= 0) out.push(usable[ci - d]);
  }
  return [...out.filter((l) => !l.background), ...out.filter((l) => l.background)];
}

/** True / false when a layer's preview was judged, undefined when it was not (then it counts as textured). */
export type PlainLookup = (l: PpLayer) => boolean | undefined;

function pickStyle(usable: readonly PpLayer[], ci: number, plain: PlainLookup): { layer: PpLayer; note: string } {
  const content = usable[ci];
  const candidates = styleCandidates(usable, ci);
  const textured = candidates.find((l) => !l.background && plain(l) !== true);
  const layer = textured ?? candidates.find((l) => !l.background) ?? candidates[0];
  const where = usable.indexOf(layer) > ci ? "below" : "above";
  const dist = (l: PpLayer) => Math.abs(usable.indexOf(l) - ci);
  const skipped = candidates
    .filter((l) => l !== layer && (l.background || plain(l) === true) && dist(l) <= dist(layer))
    .map((l) => `“${l.name}” (${l.background ? "the document background" : "a plain colour"})`);
  if (!textured) {
    const what = layer.background ? "the document background" : "a plain colour";
    return { layer, note: `Default style: “${layer.name}”, ${where} “${content.name}”, though it is ${what}: pick a layer with texture for a visible effect.` };
  }
  const skip = skipped.length ? `; skipped ${skipped.join(", ")}` : "";
  return { layer, note: `Default style: “${layer.name}”, the nearest layer with texture ${where} “${content.name}”${skip}.` };
}

/** When the active layer is named like a result with more styles than Restyle uses: why it is not recalled. */
function refusedResultNote(all: readonly PpLayer[]): string | null {
  const active = all.find((l) => l.active);
  const parts = active ? active.name.split(" · ") : [];
  const why = active && parts.length === 2 ? recordedStylesProblem(parts[1].split(" + ").length) : null;
  return why && active ? `“${active.name}” ${why}.` : null;
}

/**
 * When the active layer is an earlier result ("<content> · <style> + <style>") whose sources are
 * still in the document, its roles are offered again and a re-run replaces it.
 */
function earlierResult(all: readonly PpLayer[], usable: readonly PpLayer[]): (Roles & { resultId: string }) | null {
  const active = all.find((l) => l.active);
  if (!active || !usable.includes(active)) return null;
  const parts = active.name.split(" · ");
  if (parts.length !== 2) return null;
  const styleNames = parts[1].split(" + ");
  if (recordedStylesProblem(styleNames.length)) return null;
  const byName = (n: string) => usable.find((l) => l !== active && l.name === n);
  const content = byName(parts[0]);
  const styles = styleNames.map(byName);
  if (!content || !styles.length || styles.some((s) => !s || s === content)) return null;
  return { resultId: pathToId(active.path), contentId: pathToId(content.path), styleIds: styles.map((s) => pathToId(s!.path)) };
}

/**
 * Turns the page selection into the panel's LayerChoice: the candidate layers, default roles, and
 * the reason (in plain words) when nothing can run yet. One layer is enough (a built-in painting
 * can be the style); up to MAX_CONTENT_LAYERS + MAX_STYLE_LAYERS make a batch.
 */
import { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS, type LayerChoice, type LayerInfo } from "../shared/layers";
import { noFillReason } from "./fill-target";
import { defaultRoles } from "./roles";

const NOT_EXPORTABLE: ReadonlySet<string> = new Set(["WIDGET", "EMBED", "LINK_UNFURL", "MEDIA", "SLIDE_GRID"]);
export const MAX_SELECTED = MAX_CONTENT_LAYERS + MAX_STYLE_LAYERS;

/** Why this layer cannot be used, or null. */
export function layerProblem(node: SceneNode): string | null {
  // Every typed SceneNode can export, but widgets, embeds and the like refuse at run time.
  if (typeof (node as Partial<ExportMixin>).exportAsync !== "function" || NOT_EXPORTABLE.has(node.type)) return `“${node.name}” can’t be exported as an image.`;
  for (let n: BaseNode | null = node; n && n.type !== "PAGE" && n.type !== "DOCUMENT"; n = n.parent) {
    if ("visible" in n && !n.visible) return `“${node.name}” is hidden. Show it, or pick another layer.`;
  }
  if (!(node.width > 0) || !(node.height > 0)) return `“${node.name}” has no area (${node.width}×${node.height}). Pick a layer with a width and a height.`;
  return null;
}

export function layerInfo(node: SceneNode): LayerInfo {
  const noFill = noFillReason(node);
  return { id: node.id, name: node.name, width: node.width, height: node.height, ...(noFill ? { noFill } : {}) };
}

/** The first problem among these layers, or null. */
export function firstProblem(nodes: readonly SceneNode[]): string | null {
  for (const n of nodes) {
    const p = layerProblem(n);
    if (p) return p;
  }
  return null;
}

/** The choice for a plain selection (not one earlier result: see resolve-selection.ts). */
export function describeSelection(nodes: readonly SceneNode[]): LayerChoice {
  const layers = nodes.map(layerInfo);
  const base = { layers, ...defaultRoles(layers) };
  if (nodes.length === 0) return { ...base, problem: "Select a layer to restyle, and any layers whose style to use." };
  if (nodes.length > MAX_SELECTED) {
    return {
      ...base,
      problem: `${nodes.length} layers are selected; Restyle takes up to ${MAX_CONTENT_LAYERS} layers to restyle and ${MAX_STYLE_LAYERS} style layers at once.`,
    };
  }
  const problem = firstProblem(nodes);
  if (problem) return { ...base, problem };
  const unassigned = nodes.length - 1 - base.styleIds.length;
  const note = unassigned > 0 ? `${unassigned} of the selected layers have no role yet: make them contents to restyle them too.` : undefined;
  return { ...base, problem: null, ...(note ? { note } : {}) };
}

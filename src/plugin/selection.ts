/**
 * Turns the page selection into the panel's LayerChoice: the candidate layers, default roles, and
 * the reason (in plain words) when nothing can run yet.
 */
import { MAX_STYLE_LAYERS, type LayerChoice, type LayerInfo } from "../shared/layers";
import { readResultRecord } from "./plugin-data";
import { defaultRoles } from "./roles";

const NOT_EXPORTABLE: ReadonlySet<string> = new Set(["WIDGET", "EMBED", "LINK_UNFURL", "MEDIA", "SLIDE_GRID"]);

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
  return { id: node.id, name: node.name, width: node.width, height: node.height };
}

/**
 * The choice for a plain selection. When the selection is one earlier Restyle result, the caller
 * resolves its sources first (see resolveSelection) so re-running replaces that result.
 */
export function describeSelection(nodes: readonly SceneNode[], resultId?: string): LayerChoice {
  const layers = nodes.map(layerInfo);
  const roles = defaultRoles(layers);
  const base = { layers, ...roles, ...(resultId ? { resultId } : {}) };
  if (nodes.length === 0) return { ...base, problem: "Select two layers: the picture to restyle and a layer whose style to use." };
  if (nodes.length === 1) return { ...base, problem: `Also select a style layer: “${nodes[0].name}” is the only layer selected.` };
  if (nodes.length > MAX_STYLE_LAYERS + 1) {
    return { ...base, problem: `${nodes.length} layers are selected; Restyle takes one content layer and at most ${MAX_STYLE_LAYERS} style layers.` };
  }
  for (const n of nodes) {
    const p = layerProblem(n);
    if (p) return { ...base, problem: p };
  }
  return { ...base, problem: null };
}

/** The selection, with a lone Restyle result standing for the layers it was made from. */
export async function resolveSelection(selection: readonly SceneNode[]): Promise<LayerChoice> {
  if (selection.length === 1) {
    const record = readResultRecord(selection[0]);
    if (record) {
      const ids = [record.contentId, ...record.styleIds];
      const nodes = await Promise.all(ids.map((id) => figma.getNodeByIdAsync(id)));
      const scene = nodes.filter((n): n is SceneNode => n !== null && isSceneNode(n));
      if (scene.length === ids.length) {
        const choice = describeSelection(scene, selection[0].id);
        // The record knows the roles the user chose; keep them rather than the size-based default.
        return { ...choice, contentId: record.contentId, styleIds: record.styleIds };
      }
    }
  }
  return describeSelection(selection);
}

function isSceneNode(n: BaseNode): n is SceneNode {
  return n.type !== "DOCUMENT" && n.type !== "PAGE";
}

/**
 * Selecting an earlier result: a result layer (its record in RESULT_KEY) or a content that took a
 * result as a fill (FILL_KEY, while that paint is still among its fills). The panel gets the
 * sources still in the document as the layers, the recorded roles, the result's id (a re-run
 * replaces it) and, when the record's parameters parse, `recall` with them and which of the
 * sources are gone. Gallery styles are not layers: they are kept as recorded, never looked up.
 */
import { isGalleryId, type LayerChoice, type PlaceMode } from "../shared/layers";
import { parseResultParams } from "../shared/result-params";
import { presentStyles } from "../shared/result-recipe";
import { readFillRecord, readResultRecord, type ResultRecord } from "./plugin-data";
import { firstProblem, layerInfo } from "./selection";

/** A scene node by id, or null when it is gone (deleted, or never a scene node). */
export async function sceneNodeById(id: string): Promise<SceneNode | null> {
  const n = await figma.getNodeByIdAsync(id);
  if (!n || n.removed || n.type === "DOCUMENT" || n.type === "PAGE") return null;
  return n as SceneNode;
}

/** True while the node's fills include the IMAGE paint with this hash. */
export function hasImagePaint(node: SceneNode, imageHash: string): boolean {
  if (!("fills" in node)) return false;
  const fills = node.fills;
  return Array.isArray(fills) && (fills as ReadonlyArray<Paint>).some((p) => p.type === "IMAGE" && p.imageHash === imageHash);
}

/** The choice for this one selected node when it is an earlier result, else null. */
export async function recallChoice(node: SceneNode): Promise<LayerChoice | null> {
  const layer = readResultRecord(node);
  if (layer) return choiceFor(node.id, layer, "layer", null);
  const fill = readFillRecord(node);
  if (fill && hasImagePaint(node, fill.imageHash)) return choiceFor(node.id, { ...fill, contentId: node.id }, "fill", node);
  return null;
}

async function choiceFor(resultId: string, record: ResultRecord, mode: PlaceMode, content: SceneNode | null): Promise<LayerChoice> {
  const params = parseResultParams(record.params);
  const contentNode = content ?? (await sceneNodeById(record.contentId));
  const styles = await Promise.all(record.styleIds.map(async (id) => ({ id, node: isGalleryId(id) ? null : await sceneNodeById(id) })));
  const present = [contentNode, ...styles.map((s) => s.node)].filter((n): n is SceneNode => n !== null);
  const { styleIds, goneStyles } = presentStyles(record.styleIds, (i) => styles[i].node?.id ?? null);
  const problem = contentNode
    ? firstProblem(present)
    : params
      ? `“${params.contentName}”, the layer this result was made from, was deleted: its settings are shown, but it can’t be updated.`
      : "The layer this result was made from was deleted, so it can’t be updated.";
  return {
    layers: present.map(layerInfo),
    contentId: contentNode ? contentNode.id : null,
    styleIds,
    problem,
    resultId,
    ...(params ? { recall: { params, mode, contentGone: !contentNode, goneStyles } } : {}),
  };
}

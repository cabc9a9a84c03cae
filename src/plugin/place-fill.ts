/**
 * A result as a fill: a new IMAGE paint (scale mode FILL) on top of the content's own fills
 * (the last paint in `fills` is drawn on top), so the user can hide it or change its opacity in
 * Figma's fill list. The content records it under FILL_KEY with the paint's image hash; a strength
 * update (replaceId = the content) swaps the image of that same paint in its place, keeping what
 * the user set on it (visibility, opacity, blend, scale mode) and every other fill. When that
 * paint is gone (the user removed it), the update adds a new one.
 */
import type { PlaceRequest } from "../shared/layers";
import { PluginError } from "./export";
import { fillRefusal, noFillReason } from "./fill-target";
import { contentOf } from "./place";
import { tryUndo, type PlacedStep, type PreparedStep } from "./place-step";
import { FILL_KEY, readFillRecord, writeFillRecord } from "./plugin-data";
import { messageOf } from "../kit/message-of";

type Filled = SceneNode & MinimalFillsMixin;

export async function prepareFill(req: PlaceRequest): Promise<PreparedStep> {
  const content = await contentOf(req);
  const why = noFillReason(content);
  if (why) throw new PluginError(fillRefusal(content, why));
  const node = content as Filled;
  return {
    apply(imageHash): PlacedStep {
      const fills = node.fills as ReadonlyArray<Paint>; // not mixed: noFillReason said so
      const data = node.getPluginData(FILL_KEY);
      const record = req.replaceId === node.id ? readFillRecord(node) : null;
      const at = record ? fills.findIndex((p) => p.type === "IMAGE" && p.imageHash === record.imageHash) : -1;
      const ours: ImagePaint = at >= 0 ? { ...(fills[at] as ImagePaint), imageHash } : { type: "IMAGE", imageHash, scaleMode: "FILL" };
      // Fills read back frozen: the change is a new array.
      const next = at >= 0 ? fills.map((p, i) => (i === at ? ours : p)) : [...fills, ours];
      const undo = () => {
        node.fills = fills;
        node.setPluginData(FILL_KEY, data);
      };
      try {
        node.fills = next;
        writeFillRecord(node, { contentId: node.id, styleIds: req.styleIds, params: req.params, imageHash });
      } catch (e) {
        tryUndo(undo);
        throw new PluginError(`Figma refused to add the result to “${node.name}”’s fills (${messageOf(e)}).`);
      }
      return { id: node.id, node, undo };
    },
  };
}

/**
 * A result as a new layer: a rectangle with an IMAGE fill over the content's exact box, directly
 * above it in the same parent (or, on a strength update, new pixels in the same result layer).
 * `prepareLayer` checks everything that can be checked before a node changes; the returned step
 * makes the change and knows how to take it back (see place-batch.ts).
 */
import type { PlaceRequest } from "../shared/layers";
import { PluginError } from "./export";
import { readResultRecord, RESULT_KEY, writeResultRecord } from "./plugin-data";
import { tryUndo, type PlacedStep, type PreparedStep } from "./place-step";
import { sceneNodeById } from "./recall";
import { IDENTITY, invert, isRotated, multiply, type Affine } from "./transform";
import { messageOf } from "../kit/message-of";
import { boundText } from "../shared/bound-text";
import { MAX_NAME_CHARS } from "../engine/defaults";

type Container = BaseNode & ChildrenMixin;
type Placeable = SceneNode & LayoutMixin;

/** Parents a plain rectangle may join: not instances (read-only), not boolean ops or component sets (it would change them). */
function acceptsRectangle(p: BaseNode): boolean {
  if (!["PAGE", "FRAME", "GROUP", "COMPONENT", "SECTION"].includes(p.type)) return false;
  for (let a: BaseNode | null = p; a; a = a.parent) if (a.type === "INSTANCE") return false;
  return true;
}

/** Where to insert: the content's parent, or above the nearest ancestor whose parent accepts a rectangle. */
export function insertionPoint(content: SceneNode): { parent: Container; index: number } {
  let child: BaseNode = content;
  let parent = content.parent;
  while (parent && !acceptsRectangle(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent || !("insertChild" in parent)) throw new PluginError(`There is no place to put the result next to “${content.name}”.`);
  const container = parent as Container;
  return { parent: container, index: container.children.indexOf(child as SceneNode) + 1 };
}

/** The transform a child's relativeTransform is relative to: groups and boolean ops have no coordinate space of their own. */
export function coordinateSpace(p: BaseNode): Affine {
  if (p.type === "PAGE" || p.type === "DOCUMENT") return IDENTITY;
  if (p.type === "GROUP" || p.type === "BOOLEAN_OPERATION") return p.parent ? coordinateSpace(p.parent) : IDENTITY;
  return (p as SceneNode & LayoutMixin).absoluteTransform as Affine;
}

/** Absolute box of the result: the content's own box, or its axis-aligned bounds when rotated (the export is of those). */
function targetBox(content: Placeable): { transform: Affine; width: number; height: number } {
  const abs = content.absoluteTransform as Affine;
  if (!isRotated(abs)) return { transform: abs, width: content.width, height: content.height };
  const bb = content.absoluteBoundingBox;
  if (!bb) throw new PluginError(`“${content.name}” has no bounds to place the result on.`);
  return {
    transform: [
      [1, 0, bb.x],
      [0, 1, bb.y],
    ],
    width: bb.width,
    height: bb.height,
  };
}

/** The content of a request, or a plain failure when it is gone. */
export async function contentOf(req: PlaceRequest): Promise<Placeable> {
  const n = await sceneNodeById(req.contentId);
  if (!n || !("absoluteTransform" in n)) throw new PluginError("The content layer was deleted while Restyle was running; nothing was added.");
  return n as Placeable;
}

function imageFill(imageHash: string): ImagePaint {
  return { type: "IMAGE", imageHash, scaleMode: "FILL" };
}

export async function prepareLayer(req: PlaceRequest): Promise<PreparedStep> {
  const content = await contentOf(req);
  const previous = req.replaceId ? await sceneNodeById(req.replaceId) : null;
  const previousRecord = previous && previous.type === "RECTANGLE" ? readResultRecord(previous) : null;
  // The sandbox only replaces its own results (grants.ts); the record must agree that it is this content's.
  if (previousRecord && previousRecord.contentId !== req.contentId)
    throw new PluginError("The result to update was not made from this layer; nothing was changed.");
  const replace = previous && previousRecord ? (previous as RectangleNode) : null;
  const record = { contentId: req.contentId, styleIds: req.styleIds, params: req.params };
  if (replace) {
    // Same layer, new pixels: the user's moves and renames of the result are kept.
    return {
      apply(imageHash): PlacedStep {
        const fills = replace.fills;
        const data = replace.getPluginData(RESULT_KEY);
        const undo = () => {
          replace.fills = fills;
          replace.setPluginData(RESULT_KEY, data);
        };
        try {
          replace.fills = [imageFill(imageHash)];
          writeResultRecord(replace, record);
        } catch (e) {
          tryUndo(undo);
          throw new PluginError(`Figma refused to update “${replace.name}” (${messageOf(e)}).`);
        }
        return { id: replace.id, node: replace, undo };
      },
    };
  }
  insertionPoint(content); // fails now, before anything changes, when there is no place for it
  targetBox(content);
  return {
    apply(imageHash): PlacedStep {
      // Recomputed here: an earlier result of the same batch may have shifted the siblings.
      const { parent, index } = insertionPoint(content);
      const box = targetBox(content);
      const relative = multiply(invert(coordinateSpace(parent)), box.transform) as Transform;
      const rect = figma.createRectangle();
      try {
        parent.insertChild(index, rect);
        // In an auto-layout frame the result floats over the content instead of pushing siblings aside.
        if ("layoutMode" in parent && (parent as FrameNode).layoutMode !== "NONE") rect.layoutPositioning = "ABSOLUTE";
        rect.resize(Math.max(0.01, box.width), Math.max(0.01, box.height));
        rect.relativeTransform = relative;
        rect.fills = [imageFill(imageHash)];
        rect.strokes = [];
        rect.name = boundText(req.name, MAX_NAME_CHARS);
        writeResultRecord(rect, record);
      } catch (e) {
        rect.remove(); // a half-made layer must not stay behind
        throw new PluginError(`Figma refused to add the result next to “${content.name}” (${messageOf(e)}).`);
      }
      return { id: rect.id, node: rect, undo: () => rect.remove() };
    },
  };
}

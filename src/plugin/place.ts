/**
 * Puts a result into the document: a rectangle with an IMAGE fill over the content's exact box,
 * directly above it in the same parent, as one undo step. Everything that can fail is checked
 * before the first node is created, so a failure leaves the document untouched.
 */
import { MAX_OUTPUT_SIDE } from "../engine/defaults";
import type { PlaceRequest } from "../shared/layers";
import { PluginError } from "./export";
import { readResultRecord, writeResultRecord } from "./plugin-data";
import { pngSize } from "../shared/png-size";
import { IDENTITY, invert, isRotated, multiply, type Affine } from "./transform";
import { messageOf } from "../shared/message-of";

type Container = BaseNode & ChildrenMixin;

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
function targetBox(content: SceneNode & LayoutMixin): { transform: Affine; width: number; height: number } {
  const abs = content.absoluteTransform as Affine;
  if (!isRotated(abs)) return { transform: abs, width: content.width, height: content.height };
  const bb = content.absoluteBoundingBox;
  if (!bb) throw new PluginError(`“${content.name}” has no bounds to place the result on.`);
  return { transform: [[1, 0, bb.x], [0, 1, bb.y]], width: bb.width, height: bb.height };
}

function checkRequest(req: PlaceRequest): void {
  const size = pngSize(req.png);
  if (!size) throw new PluginError("The result is not a PNG image; nothing was added.");
  if (size.width !== req.width || size.height !== req.height) {
    throw new PluginError(`The result's size (${size.width}×${size.height}) does not match what was expected (${req.width}×${req.height}); nothing was added.`);
  }
  if (size.width > MAX_OUTPUT_SIDE || size.height > MAX_OUTPUT_SIDE) {
    throw new PluginError(`The result is ${size.width}×${size.height} px; Figma takes images up to ${MAX_OUTPUT_SIDE} px a side. Pick a smaller output size.`);
  }
}

async function sceneNode(id: string): Promise<(SceneNode & LayoutMixin) | null> {
  const n = await figma.getNodeByIdAsync(id);
  if (!n || n.removed || n.type === "DOCUMENT" || n.type === "PAGE" || !("absoluteTransform" in n)) return null;
  return n as SceneNode & LayoutMixin;
}

/** Places or replaces a result; returns the result layer's id. Exactly one commitUndo per call that changes anything. */
export async function placeResult(req: PlaceRequest): Promise<string> {
  checkRequest(req);
  const content = await sceneNode(req.contentId);
  if (!content) throw new PluginError("The content layer was deleted while Restyle was running; nothing was added.");
  const previous = req.replaceId ? await sceneNode(req.replaceId) : null;
  const replace = previous && previous.type === "RECTANGLE" && readResultRecord(previous) ? previous : null;
  const record = { contentId: req.contentId, styleIds: req.styleIds, params: req.params };

  let image: Image;
  try {
    image = figma.createImage(req.png);
  } catch (e) {
    throw new PluginError(`Figma refused the result image (${messageOf(e)}); nothing was added.`);
  }
  const fill: ImagePaint = { type: "IMAGE", imageHash: image.hash, scaleMode: "FILL" };

  if (replace) {
    // Same layer, new pixels: the user's moves and renames of the result are kept.
    replace.fills = [fill];
    writeResultRecord(replace, record);
    finish(replace);
    return replace.id;
  }

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
    rect.fills = [fill];
    rect.strokes = [];
    rect.name = req.name;
    writeResultRecord(rect, record);
  } catch (e) {
    rect.remove(); // a half-made layer must not stay behind
    throw new PluginError(`Figma refused to add the result next to “${content.name}” (${messageOf(e)}).`);
  }
  finish(rect);
  return rect.id;
}

function finish(node: SceneNode): void {
  figma.currentPage.selection = [node];
  figma.viewport.scrollAndZoomIntoView([node]);
  figma.commitUndo();
}

/** Exports one layer as an sRGB PNG at the side the panel asks for: less, or up to the screen density's 2× more. */
import { AUTO_MAX_DENSITY, MAX_OUTPUT_SIDE } from "../engine/defaults";
import { layerProblem } from "./selection";
import { pngSize } from "../kit/png-size";
import { messageOf } from "../kit/message-of";

/** A user-facing failure in the sandbox; its message is shown as is. */
export class PluginError extends Error {
  override name = "PluginError";
}

export interface Exported {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * Export settings for a node of this size. The constraint goes on the long side so the short side
 * can only shrink. A node smaller than asked is exported at up to AUTO_MAX_DENSITY× (Figma renders
 * vectors and text sharp at that scale, as its own "2x" export does, which Auto asks for on a
 * high-density screen), never more: past that only the engine's resampler would enlarge it.
 * useAbsoluteBounds: the picture covers exactly the node's box (not its shadow or a clipped part),
 * which is where the result will be placed.
 */
export function exportSettingsFor(width: number, height: number, maxSide: number, enlarge: number = AUTO_MAX_DENSITY): ExportSettingsImage {
  const cap = Math.max(1, Math.floor(Math.min(maxSide, MAX_OUTPUT_SIDE)));
  const long = Math.max(width, height);
  const side = Math.min(cap, Math.floor(long * enlarge));
  const constraint: ExportSettingsConstraints =
    side === long ? { type: "SCALE", value: 1 } : width >= height ? { type: "WIDTH", value: side } : { type: "HEIGHT", value: side };
  return { format: "PNG", colorProfile: "SRGB", useAbsoluteBounds: true, constraint };
}

export async function exportLayer(id: string, maxSide: number): Promise<Exported> {
  const node = await figma.getNodeByIdAsync(id);
  if (!node || node.type === "DOCUMENT" || node.type === "PAGE" || node.removed) {
    throw new PluginError("A selected layer no longer exists. Select the layers again.");
  }
  const problem = layerProblem(node);
  if (problem) throw new PluginError(problem);
  const settings = exportSettingsFor(node.width, node.height, maxSide);
  let png: Uint8Array;
  try {
    png = await (node as ExportMixin).exportAsync(settings);
  } catch (e) {
    throw new PluginError(`Figma could not export “${node.name}” (${messageOf(e)}).`);
  }
  const size = pngSize(png);
  if (!size) throw new PluginError(`Figma’s export of “${node.name}” is not a PNG image.`);
  // Rounding may add a pixel; anything more means the cap did not hold (effects, huge text…).
  const cap = Math.min(maxSide, MAX_OUTPUT_SIDE) + 1;
  if (size.width > cap || size.height > cap) {
    throw new PluginError(
      `“${node.name}” exported at ${size.width}×${size.height} px, past the ${Math.min(maxSide, MAX_OUTPUT_SIDE)} px limit. Flatten it or pick a smaller layer.`,
    );
  }
  return { png, ...size };
}

/** A small preview for the panel; failures just mean no thumbnail. */
export async function exportThumbnail(node: SceneNode, side: number): Promise<Uint8Array | undefined> {
  if (layerProblem(node)) return undefined;
  try {
    return await (node as ExportMixin).exportAsync(exportSettingsFor(node.width, node.height, side, 1)); // a thumbnail is never enlarged
  } catch {
    return undefined;
  }
}

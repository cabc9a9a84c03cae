/**
 * Whether a node can take a result as one more IMAGE paint in its own fills. Text has fills but
 * they colour its letters; groups and slices have none; a mask's and a boolean shape's parts'
 * fills are not drawn; instances and their layers take their
 * fills from the main component (an override there is undone by "Reset all changes" and is easy
 * to lose), so Restyle offers the new layer instead of touching them.
 */

/** Why this node cannot take the result as a fill, in plain words, or null when it can. */
export function noFillReason(node: SceneNode): string | null {
  const what = obstacle(node);
  return what === null ? null : `“${node.name}”${what} can’t take a fill; add the result as a new layer instead.`;
}

function obstacle(node: SceneNode): string | null {
  if (node.type === "TEXT") return " is text and";
  if (node.type === "GROUP") return " is a group and";
  if (node.type === "SLICE") return " is a slice and";
  if (node.type === "INSTANCE") return " is a component instance and";
  if (node.type === "COMPONENT" && node.remote) return " is a library component and";
  if ("isMask" in node && node.isMask) return " is a mask and";
  // A boolean operation paints its children's union with its own fills; theirs are not drawn.
  if (node.parent?.type === "BOOLEAN_OPERATION") return " is part of a boolean shape and";
  for (let a: BaseNode | null = node.parent; a; a = a.parent) {
    if (a.type === "INSTANCE") return " is inside a component instance and";
    if (a.type === "COMPONENT" && a.remote) return " is part of a library component and";
  }
  if (!("fills" in node)) return "";
  if (node.fills === figma.mixed) return " has mixed fills and";
  return null;
}

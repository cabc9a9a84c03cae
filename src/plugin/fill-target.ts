/**
 * Whether a node can take a result as one more IMAGE paint in its own fills. Text has fills but
 * they colour its letters; groups and slices have none; a mask's fills and those of a boolean
 * shape's parts are not drawn; instances and their layers take their fills from the main
 * component (an override there is undone by "Reset all changes" and is easy to lose), so Restyle
 * offers the new layer instead of touching them.
 */

/**
 * Why this node cannot take the result as a fill, as a plain lowercase clause that reads after
 * the layer's name ("“Title” gets a new layer instead: it is text"), or null when it can.
 */
export function noFillReason(node: SceneNode): string | null {
  if (node.type === "TEXT") return "it is text, whose fills colour its letters";
  if (node.type === "GROUP") return "groups have no fills of their own";
  if (node.type === "SLICE") return "slices have no fills";
  if (node.type === "INSTANCE") return "it is a component instance, whose fills come from its main component";
  if (node.type === "COMPONENT" && node.remote) return "it is a library component, which can’t be changed here";
  if ("isMask" in node && node.isMask) return "it is a mask, whose fills only shape what it masks";
  // A boolean operation paints its children's union with its own fills; theirs are not drawn.
  if (node.parent?.type === "BOOLEAN_OPERATION") return "it is part of a boolean shape, which draws its own fills instead";
  for (let a: BaseNode | null = node.parent; a; a = a.parent) {
    if (a.type === "INSTANCE") return "it is inside a component instance, whose fills come from its main component";
    if (a.type === "COMPONENT" && a.remote) return "it is part of a library component, which can’t be changed here";
  }
  if (!("fills" in node)) return "it has no fills";
  if (node.fills === figma.mixed) return "its parts have different fills";
  return null;
}

/** The refusal when a fill was asked for anyway: why, and what to do instead. */
export function fillRefusal(node: SceneNode, reason: string): string {
  return `“${node.name}” can’t take a fill (${reason}); add the result as a new layer instead.`;
}

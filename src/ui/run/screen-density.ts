/** The screen's density: an Auto output follows it (2× on high-density screens). 1 where there is no screen. */
export function screenDensity(): number {
  const r = (globalThis as { devicePixelRatio?: unknown }).devicePixelRatio;
  return typeof r === "number" && Number.isFinite(r) && r > 0 ? r : 1;
}

/**
 * The density a host's layers are painted at by Auto: Figma's layer sizes are points, which the
 * screen draws at its density; Photopea's layers and the page's files are pixels already, and more
 * would only enlarge them.
 */
export function hostDensity(kind: "figma" | "photopea" | "standalone"): number {
  return kind === "figma" ? screenDensity() : 1;
}

/** The screen's density: an Auto output follows it (2× on high-density screens). 1 where there is no screen. */
export function screenDensity(): number {
  const r = (globalThis as { devicePixelRatio?: unknown }).devicePixelRatio;
  return typeof r === "number" && Number.isFinite(r) && r > 0 ? r : 1;
}

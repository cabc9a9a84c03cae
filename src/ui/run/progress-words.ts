/**
 * Where a run stands, in words for the status line: the scale being painted and, when it runs in
 * tiles, which one ("Detail 2048 px · tile 3 of 9"). A run of one untiled scale needs neither.
 */
import type { Progress } from "../../engine/types";

export function scaleWords(p: Pick<Progress, "scaleIndex" | "scaleCount" | "width" | "height" | "tileIndex" | "tileCount">): string {
  const tiles = p.tileCount;
  if (p.scaleCount <= 1 && tiles <= 1) return "";
  // The first scale lays the picture out; each finer one adds detail at its size.
  const scale = `${p.scaleIndex === 0 ? "Layout" : "Detail"} ${Math.max(p.width, p.height)} px`;
  return tiles > 1 ? `${scale} · tile ${p.tileIndex + 1} of ${tiles}` : scale;
}

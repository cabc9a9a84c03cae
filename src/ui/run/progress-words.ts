/**
 * Where a run stands, in words for the status line: the scale being painted and, when it runs in
 * tiles, which one ("Detail 2048 px · tile 3 of 9"), and the time left, saying so when the pace fell
 * ("About 3 min left · slower: the computer is busy"). A run of one untiled scale needs no scale.
 */
import type { Progress } from "../../engine/types";
import { formatTimeLeft } from "./plan";

/**
 * The time left at `now`: the last report's figure less the time since it, so a figure read late in a
 * long iteration is not an iteration too high; never below a second (or the figure itself) until the
 * next report says more.
 */
export function etaAt(eta: { ms: number; at?: number }, now: number): number {
  if (eta.at === undefined || !Number.isFinite(eta.ms)) return eta.ms;
  return Math.max(Math.min(eta.ms, 1000), eta.ms - Math.max(0, now - eta.at));
}

/** The time left in words; with the note when the run's pace fell well below what was measured before. */
export function etaWords(eta: { ms: number; slower: boolean }): string {
  const left = formatTimeLeft(eta.ms);
  return left && eta.slower ? `${left} · slower: the computer is busy` : left;
}

export function scaleWords(p: Pick<Progress, "scaleIndex" | "scaleCount" | "width" | "height" | "tileIndex" | "tileCount">): string {
  const tiles = p.tileCount;
  if (p.scaleCount <= 1 && tiles <= 1) return "";
  // The first scale lays the picture out; each finer one adds detail at its size.
  const scale = `${p.scaleIndex === 0 ? "Layout" : "Detail"} ${Math.max(p.width, p.height)} px`;
  return tiles > 1 ? `${scale} · tile ${p.tileIndex + 1} of ${tiles}` : scale;
}

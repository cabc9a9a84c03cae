/** The strength slider: one number in [0, 1] → style/content weight ratio on a log scale. */
import { PRESETS } from "./defaults";
import type { PresetName } from "./types";

/** 0 → no style at all (the content comes back); (0, 1] → 10^(lo + s·(hi − lo)). */
export function strengthToRatio(strength: number, preset: PresetName): number {
  if (strength <= 0) return 0;
  const [lo, hi] = PRESETS[preset].ratioLog10;
  return 10 ** (lo + Math.min(1, strength) * (hi - lo));
}

/** Coarse-to-fine: the (width, height) the optimisation runs at, smallest first. */
import { truncatedNetwork, type LayerName } from "./layers";
import { fitLongSide } from "./pixels";

/** Below this short side the deepest style layers see only a pixel or two; such coarse scales are skipped. */
export const MIN_SCALE_SIDE = 16;

/**
 * The smallest side the network can take for these taps: each pool halves the side (rounding
 * down), and the deepest tap needs at least one pixel after its pools — 4 px for the lite
 * network, 16 for the full one. Anything smaller leaves an empty activation (a crash or NaN).
 */
export function minNetworkSide(taps: readonly LayerName[]): number {
  return 2 ** truncatedNetwork(taps).filter((l) => l.pooled).length;
}

export function scheduleSizes(workW: number, workH: number, scales: readonly number[], minSide = MIN_SCALE_SIDE): Array<[number, number]> {
  const long = Math.max(workW, workH);
  const out: Array<[number, number]> = [];
  for (const s of [...scales].sort((a, b) => a - b)) {
    const [w, h] = s >= 1 ? [workW, workH] : fitLongSide(workW, workH, Math.round(long * s));
    if (s < 1 && Math.min(w, h) < minSide) continue;
    const last = out[out.length - 1];
    if (last && last[0] === w && last[1] === h) continue;
    out.push([w, h]);
  }
  const last = out[out.length - 1];
  if (!last || last[0] !== workW || last[1] !== workH) out.push([workW, workH]);
  return out;
}

/** Coarse-to-fine: the (width, height) the optimisation runs at, smallest first. */
import { fitLongSide } from "./pixels";

/** Below this short side the deepest style layers see only a pixel or two; such scales are skipped. */
export const MIN_SCALE_SIDE = 16;

export function scheduleSizes(workW: number, workH: number, scales: readonly number[]): Array<[number, number]> {
  const long = Math.max(workW, workH);
  const out: Array<[number, number]> = [];
  for (const s of [...scales].sort((a, b) => a - b)) {
    const [w, h] = s >= 1 ? [workW, workH] : fitLongSide(workW, workH, Math.round(long * s));
    if (s < 1 && Math.min(w, h) < MIN_SCALE_SIDE) continue;
    const last = out[out.length - 1];
    if (last && last[0] === w && last[1] === h) continue;
    out.push([w, h]);
  }
  const last = out[out.length - 1];
  if (!last || last[0] !== workW || last[1] !== workH) out.push([workW, workH]);
  return out;
}

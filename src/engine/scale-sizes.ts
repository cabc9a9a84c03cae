/**
 * The sizes a run works at, as plain arithmetic: no tfjs, so the panel's estimate can import the
 * same rule the engine runs by instead of a copy of it.
 */

/** Below this short side the deepest style layers see only a pixel or two; such coarse scales are skipped. */
export const MIN_SCALE_SIDE = 16;

/** (width, height) with the aspect of width × height and the given long side, each at least 1 px. */
export function fitLongSide(width: number, height: number, longSide: number): [number, number] {
  const s = longSide / Math.max(width, height);
  return [Math.max(1, Math.round(width * s)), Math.max(1, Math.round(height * s))];
}

/** Coarse-to-fine: the (width, height) of each scale, smallest first, the working size last. */
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

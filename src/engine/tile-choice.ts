/**
 * Which tile grid a scale runs in, as plain arithmetic: of the grids whose largest tile fits the
 * memory left, the one with the least total crop area. Every pass runs over the crops, so that area
 * is the tiled evaluation's work: the biggest tiles that fit, the fewest halos, and a grid whose
 * shape follows the picture's aspect where that is what the area asks for.
 */
import type { LayerName } from "./layers";
import { gridCrops, largestCrop, tiling } from "./tiles";

export interface GridChoice {
  cols: number;
  rows: number;
  /** The largest crop (the one the memory model prices). */
  cropW: number;
  cropH: number;
  /** The sum of every crop's area, in pixels. */
  cropArea: number;
}

/** The finest grid considered: interiors about a halo wide (past that, more tiles mostly recompute halos). */
export function finestGrid(width: number, height: number, taps: readonly LayerName[]): [number, number] {
  const { align, halo } = tiling(taps);
  const cell = Math.max(align, halo);
  return [Math.max(1, Math.ceil(width / cell)), Math.max(1, Math.ceil(height / cell))];
}

/** The least-area grid whose largest crop `fits`; null when even the finest does not. */
export function leastAreaGrid(width: number, height: number, taps: readonly LayerName[], fits: (cropW: number, cropH: number) => boolean): GridChoice | null {
  const [mostCols, mostRows] = finestGrid(width, height, taps);
  const t = tiling(taps);
  const fitsAt = (cols: number, rows: number) => fits(...largestCrop(width, height, cols, rows, t));
  let best: GridChoice | null = null;
  // The fewest rows that fit only fall as columns are added (crops only narrow): one walk down the rows.
  let rows = mostRows;
  for (let cols = 1; cols <= mostCols; cols++) {
    if (!fitsAt(cols, rows)) continue;
    while (rows > 1 && fitsAt(cols, rows - 1)) rows--;
    const g = gridCrops(width, height, cols, rows, t);
    const better = !best || g.area < best.cropArea || (g.area === best.cropArea && g.cols * g.rows < best.cols * best.rows);
    if (better) {
      const [cropW, cropH] = largestCrop(width, height, g.cols, g.rows, t);
      best = { cols: g.cols, rows: g.rows, cropW, cropH, cropArea: g.area };
    }
  }
  return best;
}

/**
 * Tile geometry, as plain arithmetic (no tfjs): where each tile's interior and its halo lie.
 *
 * A tile's interior starts on a multiple of 2^pools, so every pooling window of the tile is one of
 * the whole picture's and the interior maps onto whole positions at every tap. The halo is at
 * least the receptive field of the deepest tap, so every activation of the interior is computed
 * from exactly the pixels the whole picture's would be: the tile's loss restricted to its interior,
 * and that loss's gradient, are exactly the whole picture's share.
 */
import { truncatedNetwork, type LayerName } from "./layers";

/** A tile: its interior [x0, x1) × [y0, y1) and the crop it runs on (interior plus halo, within the picture). */
export interface Tile {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  cropX: number;
  cropY: number;
  cropW: number;
  cropH: number;
}

/** 2^(pools before the deepest tap): interiors and halos are multiples of it. */
export function tileAlign(taps: readonly LayerName[]): number {
  return 2 ** truncatedNetwork(taps).filter((l) => l.pooled).length;
}

/**
 * The receptive field's reach of the deepest tap, in input pixels, each side: a 3×3 conv widens
 * it by one step of the layer's stride, a 2×2 pool by one step, then doubles the stride.
 */
export function receptiveReach(taps: readonly LayerName[]): number {
  let reach = 0;
  let stride = 1;
  for (const l of truncatedNetwork(taps)) {
    reach += stride;
    if (l.pooled) {
      reach += stride;
      stride *= 2;
    }
  }
  return reach;
}

/** The halo each tile carries: the receptive reach rounded up to the alignment. */
export function tileHalo(taps: readonly LayerName[]): number {
  const a = tileAlign(taps);
  return Math.ceil(receptiveReach(taps) / a) * a;
}

/** Splits [0, n) into `parts` spans whose inner edges are multiples of `align` (fewer when n is small). */
function spans(n: number, parts: number, align: number): Array<[number, number]> {
  // Whole cells only: the picture's remainder past the last cell (which the pools drop) joins the last span.
  const cells = Math.max(1, Math.floor(n / align));
  const k = Math.max(1, Math.min(parts, cells));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < k; i++) {
    const a = Math.min(n, Math.round((cells * i) / k) * align);
    const b = i === k - 1 ? n : Math.min(n, Math.round((cells * (i + 1)) / k) * align);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** The tiles of a cols × rows grid over a width × height picture, row by row. */
export function tileGrid(width: number, height: number, cols: number, rows: number, taps: readonly LayerName[]): Tile[] {
  const align = tileAlign(taps);
  const halo = tileHalo(taps);
  const tiles: Tile[] = [];
  for (const [y0, y1] of spans(height, rows, align)) {
    for (const [x0, x1] of spans(width, cols, align)) {
      const cropX = Math.max(0, x0 - halo);
      const cropY = Math.max(0, y0 - halo);
      tiles.push({ x0, y0, x1, y1, cropX, cropY, cropW: Math.min(width, x1 + halo) - cropX, cropH: Math.min(height, y1 + halo) - cropY });
    }
  }
  return tiles;
}

/** Each span's crop length (the span and its halo, within [0, n)) when [0, n) is split into `parts`. */
function cropLengths(n: number, parts: number, align: number, halo: number): number[] {
  return spans(n, parts, align).map(([a, b]) => Math.min(n, b + halo) - Math.max(0, a - halo));
}

/** The tiling's constants for a network: interior alignment and halo (computed once for many grids). */
export function tiling(taps: readonly LayerName[]): { align: number; halo: number } {
  return { align: tileAlign(taps), halo: tileHalo(taps) };
}

/** The largest crop of a cols × rows grid (what the memory model prices one tile at). */
export function largestCrop(
  width: number,
  height: number,
  cols: number,
  rows: number,
  taps: readonly LayerName[] | { align: number; halo: number },
): [number, number] {
  const { align, halo } = "align" in taps ? taps : tiling(taps);
  return [Math.max(...cropLengths(width, cols, align, halo)), Math.max(...cropLengths(height, rows, align, halo))];
}

/** The grid's real shape (fewer spans than asked on a small picture) and the sum of its crops' areas (the work a pass does). */
export function gridCrops(
  width: number,
  height: number,
  cols: number,
  rows: number,
  t: { align: number; halo: number },
): { cols: number; rows: number; area: number } {
  const xs = cropLengths(width, cols, t.align, t.halo);
  const ys = cropLengths(height, rows, t.align, t.halo);
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  return { cols: xs.length, rows: ys.length, area: sum(xs) * sum(ys) };
}

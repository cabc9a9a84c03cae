/**
 * One tile's share of a tiled evaluation (tiled-objective.ts keeps the whole picture on the device,
 * host-tiled-objective.ts on the host): its interior's Gram sums (pass 1), the style term from the
 * whole picture's sums, and the seed its backward pass starts from (pass 2).
 *
 * The style term's Gram matrix is a sum over positions: pass 1 forwards each tile but the last,
 * with no tape and only as deep as the deepest style layer, and adds its interior's FᵀF, so each
 * position counts once; pass 2 starts with the last tile, whose own forward pass completes the sums
 * (closingTile). With the whole picture's G, dL/dG is known, and pass 2 back-propagates each tile
 * with the seed F·(dG + dGᵀ)/(C·N) on its interior (zero in the halo). Content is local: each
 * tile's interior against its share of the target.
 */
import * as tf from "@tensorflow/tfjs-core";
import { truncatedNetwork } from "./layers";
import type { ObjectiveSpec } from "./objective";
import type { Tile } from "./tiles";
import type { GradientSeed, TapWatch, Vgg19 } from "./vgg19";

export type Box = { top: number; left: number; h: number; w: number };

/** What every tile of one scale shares: the picture's size and where each tile's interior lies at each layer. */
export interface TileGeometry {
  width: number;
  height: number;
  /** The tile's interior at a layer, in the crop's coordinates there. */
  at(layer: string, t: Tile): Box;
  /** The whole picture's positions at a layer (the Gram's N). */
  positions(layer: string): number;
  /** The style layers with a weight. */
  style: Array<[string, number]>;
}

export function tileGeometry(taps: readonly string[], styleLayers: Record<string, number>, width: number, height: number): TileGeometry {
  const pools = new Map<string, number>();
  let n = 0;
  for (const { layer, pooled } of truncatedNetwork(taps)) {
    pools.set(layer.name, n);
    if (pooled) n++;
  }
  const at = (layer: string, t: Tile): Box => {
    const s = 2 ** pools.get(layer)!;
    const end = (v: number, full: number) => (v === full ? Math.floor(full / s) : v / s);
    return { top: (t.y0 - t.cropY) / s, left: (t.x0 - t.cropX) / s, h: end(t.y1, height) - t.y0 / s, w: end(t.x1, width) - t.x0 / s };
  };
  const positions = (layer: string) => Math.floor(width / 2 ** pools.get(layer)!) * Math.floor(height / 2 ** pools.get(layer)!);
  return { width, height, at, positions, style: Object.entries(styleLayers).filter(([, w]) => w > 0) };
}

export const sliceBox = (f: tf.Tensor4D, b: Box) => tf.slice(f, [0, b.top, b.left, 0], [1, b.h, b.w, -1]) as tf.Tensor4D;

/** g on the interior b of a tensor shaped like f, zero elsewhere. */
const padBox = (g: tf.Tensor4D, b: Box, f: tf.Tensor4D) =>
  tf.pad(g, [
    [0, 0],
    [b.top, f.shape[1] - b.top - b.h],
    [b.left, f.shape[2] - b.left - b.w],
    [0, 0],
  ]) as tf.Tensor4D;

/** 1 on the interior b of a picture shaped like f, 0 elsewhere, one channel (it broadcasts over f's). */
const interiorMask = (b: Box, f: tf.Tensor4D) => padBox(tf.ones([1, b.h, b.w, 1]), b, f);

/** `prev` (if any) plus the FᵀF of tile t's interior at layer l, as a new tensor; takes nothing. */
function withInteriorGram(G: TileGeometry, f: tf.Tensor4D, l: string, t: Tile, prev: tf.Tensor2D | undefined): tf.Tensor2D {
  return tf.tidy(() => {
    const m = tf.reshape(sliceBox(f, G.at(l, t)), [-1, f.shape[3]]) as tf.Tensor2D;
    const s = tf.matMul(tf.transpose(m), m);
    return (prev ? tf.add(prev, s) : s) as tf.Tensor2D;
  });
}

/** Pass 1 for one tile: adds its interior's FᵀF to `sums` per style layer (replacing them); takes nothing. */
export function addTileGrams(G: TileGeometry, net: Vgg19, xt: tf.Tensor4D, t: Tile, sums: Record<string, tf.Tensor2D>): Record<string, tf.Tensor2D> {
  const f = net.featuresAt(
    xt,
    G.style.map(([l]) => l),
  );
  const next: Record<string, tf.Tensor2D> = {};
  try {
    // One layer at a time, each layer's features let go once summed: its slice and transposed copy
    // never sit beside the next layer's. (matMul's own transpose flag would spare the copy, but on
    // wasm it made pass 1 half again as slow.)
    for (const [l] of G.style) {
      next[l] = withInteriorGram(G, f[l], l, t, sums[l]);
      f[l].dispose();
    }
    tf.dispose(Object.values(sums));
    return next;
  } catch (e) {
    tf.dispose(Object.values(next));
    throw e;
  } finally {
    tf.dispose(Object.values(f));
  }
}

/**
 * A picture's Gram matrix per style layer from its tiles (pass 1 alone), normalised as gram() is:
 * the whole picture's Grams for one tile's memory. A style seen at a large size takes this path
 * (scale-objective.ts), so its target never needs more than the scale's own tiles.
 */
export async function tiledGrams(
  net: Vgg19,
  rgb: tf.Tensor4D,
  styleLayers: Record<string, number>,
  tiles: readonly Tile[],
  pause: () => Promise<void>,
): Promise<Record<string, tf.Tensor2D>> {
  const [, height, width] = rgb.shape;
  const G = tileGeometry(net.taps, styleLayers, width, height);
  let sums: Record<string, tf.Tensor2D> = {};
  try {
    for (const t of tiles) {
      const xt = tf.slice(rgb, [0, t.cropY, t.cropX, 0], [1, t.cropH, t.cropW, 3]) as tf.Tensor4D;
      try {
        sums = addTileGrams(G, net, xt, t, sums);
      } finally {
        xt.dispose();
      }
      await pause();
    }
    return tf.tidy(() => Object.fromEntries(G.style.map(([l]) => [l, tf.div(sums[l], sums[l].shape[0] * G.positions(l)) as tf.Tensor2D])));
  } finally {
    tf.dispose(Object.values(sums));
  }
}

/** The style term's value and, per layer, K with dL/dF = F·K (from the whole picture's sums). */
export interface StyleFactors {
  value: tf.Scalar;
  k: Record<string, tf.Tensor2D>;
}

export function styleFactors(G: TileGeometry, spec: ObjectiveSpec, grams: Record<string, tf.Tensor2D>, sums: Record<string, tf.Tensor2D>): StyleFactors {
  return tf.tidy(() => {
    const values: tf.Scalar[] = [];
    const k: Record<string, tf.Tensor2D> = {};
    for (const [l, w] of G.style) {
      const c = sums[l].shape[0];
      const n = G.positions(l);
      const diff = tf.sub(tf.div(sums[l], c * n), grams[l]);
      values.push(tf.mul(tf.mean(tf.square(diff)), w * spec.ratio) as tf.Scalar);
      const dG = tf.mul(diff, (2 * w * spec.ratio) / (c * c));
      k[l] = tf.keep(tf.div(tf.add(dG, tf.transpose(dG)), c * n) as tf.Tensor2D);
    }
    return { value: tf.keep(values.length ? (tf.addN(values) as tf.Scalar) : tf.scalar(0)), k };
  });
}

/**
 * Tile t's seed at a tap: its interior's style and content gradients, zero in the halo; adds its
 * content term (against `target`, its interior's share, of `contentSize` elements in all) to `content`.
 */
export function tileSeed(
  G: TileGeometry,
  t: Tile,
  k: Record<string, tf.Tensor2D>,
  spec: ObjectiveSpec,
  target: tf.Tensor4D,
  contentSize: number,
  content: { value: tf.Scalar },
): GradientSeed {
  return (tap: string, f: tf.Tensor4D): tf.Tensor4D | null => {
    if (!k[tap] && tap !== spec.contentLayer) return null;
    return tf.tidy(() => {
      const b = G.at(tap, t);
      const parts: tf.Tensor4D[] = [];
      // The style part F·K over the whole crop (a 1 × 1 conv: no reshaped copies), masked to the
      // interior: two activation-sized tensors at once, where slicing the interior out, a matMul
      // and padding the result back held four, and at the first layer that was a tile's peak.
      if (k[tap]) {
        const c = f.shape[3];
        parts.push(tf.mul(tf.conv2d(f, tf.reshape(k[tap], [1, 1, c, c]) as tf.Tensor4D, 1, "valid"), interiorMask(b, f)) as tf.Tensor4D);
      }
      if (tap === spec.contentLayer) {
        const d = tf.sub(sliceBox(f, b), target);
        const next = tf.add(content.value, tf.div(tf.sum(tf.square(d)), contentSize)) as tf.Scalar;
        content.value.dispose();
        content.value = tf.keep(next);
        parts.push(padBox(tf.mul(d, 2 / contentSize) as tf.Tensor4D, b, f));
      }
      return parts.length === 1 ? parts[0] : (tf.add(parts[0], parts[1]) as tf.Tensor4D);
    });
  };
}

/** Pass 2's order: the closing tile (the last) first, then the others. */
export const passTwoOrder = (n: number): number[] => [n - 1, ...Array.from({ length: n - 1 }, (_, i) => i)];

/**
 * The tile pass 2 starts with, which pass 1 leaves out (one forward pass fewer per evaluation): its
 * own forward pass adds its interior's FᵀF to pass 1's sums (a TapWatch, layer by layer, while few
 * activations are alive), and its first seed, asked for once that pass is done, turns the completed
 * sums into the style term's factors, which the other tiles' seeds then use. Owns the sums it is
 * given and the factors it makes until `dispose`.
 */
export interface ClosingTile {
  /** What tile t's backward pass takes (its content target `target`): the closing tile's seed and watch, or a seed from the factors. */
  passFor(t: Tile, target: tf.Tensor4D): { seed: GradientSeed; watch?: TapWatch };
  /** The style term's value and K (made from the sums as they stand if the closing tile has not yet been seeded). */
  factors(): StyleFactors;
  dispose(): void;
}

export function closingTile(
  G: TileGeometry,
  closing: Tile,
  spec: ObjectiveSpec,
  grams: Record<string, tf.Tensor2D>,
  sums: Record<string, tf.Tensor2D>,
  contentSize: number,
  content: { value: tf.Scalar },
): ClosingTile {
  let pending: Record<string, tf.Tensor2D> | null = sums;
  let made: StyleFactors | null = null;
  const styled = new Set(G.style.map(([l]) => l));
  const factors = (): StyleFactors => {
    if (!made) {
      made = styleFactors(G, spec, grams, pending ?? {});
      tf.dispose(Object.values(pending ?? {}));
      pending = null;
    }
    return made;
  };
  const watch: TapWatch = (tap, f) => {
    if (!pending || !styled.has(tap)) return;
    const next = withInteriorGram(G, f, tap, closing, pending[tap]);
    pending[tap]?.dispose();
    pending[tap] = next;
  };
  return {
    passFor(t, target) {
      // The factors are asked for lazily: the closing tile's first seed comes after its watch has completed the sums.
      const seed: GradientSeed = (tap, f) => tileSeed(G, t, factors().k, spec, target, contentSize, content)(tap, f);
      return t === closing ? { seed, watch } : { seed };
    },
    factors,
    dispose: () => {
      tf.dispose([...Object.values(pending ?? {}), ...(made ? [made.value, ...Object.values(made.k)] : [])]);
      pending = null;
      made = null;
    },
  };
}

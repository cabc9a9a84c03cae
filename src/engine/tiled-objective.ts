/**
 * The objective at a scale too large for one pass, in tiles whose loss and gradient are the whole
 * picture's (tiles.ts: interiors aligned to the pools, halos past the receptive field).
 *
 * The style term's Gram matrix is a sum over positions: pass 1 forwards each tile and adds its
 * interior's FᵀF, so each position counts once; with the whole picture's G, dL/dG is known, and
 * pass 2 back-propagates each tile with the seed F·(dG + dGᵀ)/(C·N) on its interior (zero in the
 * halo). Content is local: each tile's interior against its share of the target. Each tile's input
 * gradient, halo included, is added into the picture's. Total variation is taken on the whole picture.
 */
import * as tf from "@tensorflow/tfjs-core";
import { truncatedNetwork } from "./layers";
import { totalVariation } from "./losses";
import type { ObjectiveSpec, ScaleObjective } from "./objective";
import type { Evaluation } from "./optimizers/optimizer";
import type { Tile } from "./tiles";
import type { Vgg19 } from "./vgg19";
import { runPaced } from "./vgg19-passes";

type Box = { top: number; left: number; h: number; w: number };

/** Pools ahead of each layer of the network: a tap's activations are the picture's at 1/2^pools. */
function poolsAhead(taps: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  let pools = 0;
  for (const { layer, pooled } of truncatedNetwork(taps)) {
    out.set(layer.name, pools);
    if (pooled) pools++;
  }
  return out;
}

/** The tile's interior at a layer with `pools` pools ahead, in the crop's coordinates at that layer. */
function interiorAt(t: Tile, pools: number, width: number, height: number): Box {
  const s = 2 ** pools;
  const end = (v: number, full: number) => (v === full ? Math.floor(full / s) : v / s);
  return { top: (t.y0 - t.cropY) / s, left: (t.x0 - t.cropX) / s, h: end(t.y1, height) - t.y0 / s, w: end(t.x1, width) - t.x0 / s };
}

const sliceBox = (f: tf.Tensor4D, b: Box) => tf.slice(f, [0, b.top, b.left, 0], [1, b.h, b.w, -1]) as tf.Tensor4D;
/** g on the interior b of a tensor shaped like f, zero elsewhere. */
const padBox = (g: tf.Tensor4D, b: Box, f: tf.Tensor4D) =>
  tf.pad(g, [
    [0, 0],
    [b.top, f.shape[1] - b.top - b.h],
    [b.left, f.shape[2] - b.left - b.w],
    [0, 0],
  ]) as tf.Tensor4D;
const crop = (x: tf.Tensor4D, t: Tile) => tf.slice(x, [0, t.cropY, t.cropX, 0], [1, t.cropH, t.cropW, 3]) as tf.Tensor4D;

/** Waits until the device has done the work queued so far, as runPaced does between tiles: reads one element of `t`. */
async function settled(t: tf.Tensor4D): Promise<void> {
  const one = tf.slice(t, [0, 0, 0, 0], [1, 1, 1, 1]);
  await one.data().finally(() => one.dispose());
}

export interface TiledObjectiveSource {
  net: Vgg19;
  /** The content at this scale, RGB 0–255. */
  content: tf.Tensor4D;
  grams: Record<string, tf.Tensor2D>;
  spec: ObjectiveSpec;
  tiles: readonly Tile[];
  pause: () => Promise<void>;
  /** Pass 2 reaches tile `index` of `count` (progress). */
  onTile?: (index: number, count: number) => void;
}

/** What one scale's tiled evaluations share. */
interface Tiling {
  src: TiledObjectiveSource;
  width: number;
  height: number;
  /** The tile's interior at a layer, in the crop's coordinates there. */
  at(layer: string, t: Tile): Box;
  /** The whole picture's positions at a layer (the Gram's N). */
  positions(layer: string): number;
  /** The style layers with a weight. */
  style: Array<[string, number]>;
  /** Each tile's share of the content target (its interior at the content layer). */
  targets: tf.Tensor4D[];
  /** Elements of the whole content target (the content term's mean). */
  contentSize: number;
}

export async function createTiledObjective(src: TiledObjectiveSource): Promise<ScaleObjective> {
  const [, height, width] = src.content.shape;
  const pools = poolsAhead(src.net.taps);
  const at = (layer: string, t: Tile) => interiorAt(t, pools.get(layer)!, width, height);
  const positions = (layer: string) => Math.floor(width / 2 ** pools.get(layer)!) * Math.floor(height / 2 ** pools.get(layer)!);
  const layer = src.spec.contentLayer;
  const targets: tf.Tensor4D[] = [];
  try {
    for (const t of src.tiles) {
      const c = crop(src.content, t);
      const f = await src.net.featuresPaced(c, src.pause).finally(() => c.dispose());
      targets.push(tf.tidy(() => sliceBox(f[layer], at(layer, t))));
      tf.dispose(Object.values(f));
      await settled(targets[targets.length - 1]);
    }
  } catch (e) {
    tf.dispose(targets);
    throw e;
  }
  const style = Object.entries(src.spec.styleLayers).filter(([, w]) => w > 0);
  const tiling: Tiling = { src, width, height, at, positions, style, targets, contentSize: positions(layer) * targets[0].shape[3] };
  return {
    evaluate: (x) => runPaced(evaluation(tiling, x), src.pause),
    dispose: () => tf.dispose(targets),
  };
}

/** Pass 1: the whole picture's Gram sums ΣFᵀF per style layer. */
function* gramSums(T: Tiling, x: tf.Tensor4D): Generator<tf.Tensor | void, Record<string, tf.Tensor2D>, void> {
  let sums: Record<string, tf.Tensor2D> = {};
  try {
    for (const t of T.src.tiles) {
      const xt = crop(x, t);
      const f = T.src.net.features(xt);
      xt.dispose();
      const next = tf.tidy(() =>
        Object.fromEntries(
          T.style.map(([l]) => {
            const m = tf.reshape(sliceBox(f[l], T.at(l, t)), [-1, f[l].shape[3]]) as tf.Tensor2D;
            const s = tf.matMul(tf.transpose(m), m);
            return [l, sums[l] ? tf.add(sums[l], s) : s];
          }),
        ),
      ) as Record<string, tf.Tensor2D>;
      tf.dispose([...Object.values(f), ...Object.values(sums)]);
      sums = next;
      yield Object.values(sums)[0]; // read after each tile: the device never runs more than a tile behind (runPaced)
    }
    return sums;
  } catch (e) {
    tf.dispose(Object.values(sums));
    throw e;
  }
}

/** The style term's value and, per layer, K with dL/dF = F·K (from the whole picture's G). */
function styleFactors(T: Tiling, sums: Record<string, tf.Tensor2D>): { value: tf.Scalar; k: Record<string, tf.Tensor2D> } {
  const { ratio } = T.src.spec;
  return tf.tidy(() => {
    const values: tf.Scalar[] = [];
    const k: Record<string, tf.Tensor2D> = {};
    for (const [l, w] of T.style) {
      const c = sums[l].shape[0];
      const n = T.positions(l);
      const diff = tf.sub(tf.div(sums[l], c * n), T.src.grams[l]);
      values.push(tf.mul(tf.mean(tf.square(diff)), w * ratio) as tf.Scalar);
      const dG = tf.mul(diff, (2 * w * ratio) / (c * c));
      k[l] = tf.keep(tf.div(tf.add(dG, tf.transpose(dG)), c * n) as tf.Tensor2D);
    }
    return { value: tf.keep(values.length ? (tf.addN(values) as tf.Scalar) : tf.scalar(0)), k };
  });
}

/** Tile i's seed at a tap: its interior's style and content gradients, zero in the halo; adds the content term to `content`. */
function tileSeed(T: Tiling, i: number, k: Record<string, tf.Tensor2D>, content: { value: tf.Scalar }) {
  const t = T.src.tiles[i];
  const contentLayer = T.src.spec.contentLayer;
  return (tap: string, f: tf.Tensor4D): tf.Tensor4D | null => {
    if (!k[tap] && tap !== contentLayer) return null;
    return tf.tidy(() => {
      const b = T.at(tap, t);
      const fi = sliceBox(f, b);
      const parts: tf.Tensor4D[] = [];
      if (k[tap]) parts.push(tf.reshape(tf.matMul(tf.reshape(fi, [-1, f.shape[3]]), k[tap]), fi.shape) as tf.Tensor4D);
      if (tap === contentLayer) {
        const d = tf.sub(fi, T.targets[i]);
        const next = tf.add(content.value, tf.div(tf.sum(tf.square(d)), T.contentSize)) as tf.Scalar;
        content.value.dispose();
        content.value = tf.keep(next);
        parts.push(tf.mul(d, 2 / T.contentSize) as tf.Tensor4D);
      }
      return padBox(parts.length === 1 ? parts[0] : (tf.add(parts[0], parts[1]) as tf.Tensor4D), b, f);
    });
  };
}

/** Pass 2: the picture's gradient (each tile's, halo included, added in place), and the content term's value. */
function* backward(T: Tiling, x: tf.Tensor4D, k: Record<string, tf.Tensor2D>): Generator<tf.Tensor | void, { grad: tf.Tensor4D; content: tf.Scalar }, void> {
  const { width, height, src } = T;
  let grad: tf.Tensor4D = tf.zeros([1, height, width, 3]);
  const content = { value: tf.scalar(0) };
  try {
    for (const [i, t] of src.tiles.entries()) {
      src.onTile?.(i, src.tiles.length);
      const xt = crop(x, t);
      const dx = src.net.inputGradient(xt, tileSeed(T, i, k, content));
      xt.dispose();
      const next = tf.tidy(
        () =>
          tf.add(
            grad,
            tf.pad(dx, [
              [0, 0],
              [t.cropY, height - t.cropY - t.cropH],
              [t.cropX, width - t.cropX - t.cropW],
              [0, 0],
            ]),
          ) as tf.Tensor4D,
      );
      tf.dispose([dx, grad]);
      grad = next;
      yield content.value; // as in pass 1: a scalar's read waits for the tile's work
    }
    return { grad, content: content.value };
  } catch (e) {
    tf.dispose([grad, content.value]);
    throw e;
  }
}

function* evaluation(T: Tiling, x: tf.Tensor4D): Generator<tf.Tensor | void, Evaluation, void> {
  const { tvWeight } = T.src.spec;
  const sums = yield* gramSums(T, x);
  const { value: styleValue, k } = styleFactors(T, sums);
  tf.dispose(Object.values(sums));
  try {
    const { grad, content } = yield* backward(T, x, k);
    try {
      return tf.tidy(() => {
        const tv = tf.valueAndGrad((v: tf.Tensor4D) => tf.mul(totalVariation(v), tvWeight) as tf.Scalar)(x);
        const parts = tf.stack([content, styleValue, tv.value]) as tf.Tensor1D;
        return { loss: tf.sum(parts) as tf.Scalar, parts, grad: tf.add(grad, tv.grad) as tf.Tensor4D };
      });
    } finally {
      tf.dispose([grad, content]);
    }
  } finally {
    tf.dispose([styleValue, ...Object.values(k)]);
  }
}

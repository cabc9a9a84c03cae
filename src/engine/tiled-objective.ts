/**
 * The objective at a scale too large for one pass, with the whole picture on the device, in tiles
 * whose loss and gradient are the whole picture's (tiles.ts: interiors aligned to the pools, halos
 * past the receptive field; tile-passes.ts: each tile's share). Each tile's input gradient, halo
 * included, is added into the picture's. Total variation is taken on the whole picture.
 */
import * as tf from "@tensorflow/tfjs-core";
import { totalVariation } from "./losses";
import type { ObjectiveSpec, ScaleObjective } from "./objective";
import type { Evaluation } from "./optimizers/optimizer";
import { addTileGrams, closingTile, passTwoOrder, sliceBox, tileGeometry, type ClosingTile, type TileGeometry } from "./tile-passes";
import type { Tile } from "./tiles";
import type { Vgg19 } from "./vgg19";
import { runPaced } from "./vgg19-passes";

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
  G: TileGeometry;
  /** Each tile's share of the content target (its interior at the content layer). */
  targets: tf.Tensor4D[];
  /** Elements of the whole content target (the content term's mean). */
  contentSize: number;
}

export async function createTiledObjective(src: TiledObjectiveSource): Promise<ScaleObjective> {
  const [, height, width] = src.content.shape;
  const G = tileGeometry(src.net.taps, src.spec.styleLayers, width, height);
  const layer = src.spec.contentLayer;
  const targets: tf.Tensor4D[] = [];
  try {
    for (const t of src.tiles) {
      const c = crop(src.content, t);
      const f = src.net.featuresAt(c, [layer]);
      c.dispose();
      targets.push(tf.tidy(() => sliceBox(f[layer], G.at(layer, t))));
      tf.dispose(Object.values(f));
      await settled(targets[targets.length - 1]);
      await src.pause();
    }
  } catch (e) {
    tf.dispose(targets);
    throw e;
  }
  const tiling: Tiling = { src, G, targets, contentSize: G.positions(layer) * targets[0].shape[3] };
  return {
    evaluate: (x) => runPaced(evaluation(tiling, x), src.pause),
    dispose: () => tf.dispose(targets),
  };
}

/** Pass 1: the Gram sums ΣFᵀF per style layer over every tile but the last (the closing tile's own pass adds its share). */
function* gramSums(T: Tiling, x: tf.Tensor4D): Generator<tf.Tensor | void, Record<string, tf.Tensor2D>, void> {
  let sums: Record<string, tf.Tensor2D> = {};
  try {
    for (const t of T.src.tiles.slice(0, -1)) {
      const xt = crop(x, t);
      try {
        sums = addTileGrams(T.G, T.src.net, xt, t, sums);
      } finally {
        xt.dispose();
      }
      yield Object.values(sums)[0]; // read after each tile: the device never runs more than a tile behind (runPaced)
    }
    return sums;
  } catch (e) {
    tf.dispose(Object.values(sums));
    throw e;
  }
}

/** Pass 2, the closing tile first: the picture's gradient (each tile's, halo included, added in place) and the content term's value. */
function* backward(T: Tiling, x: tf.Tensor4D, closing: ClosingTile, content: { value: tf.Scalar }): Generator<tf.Tensor | void, tf.Tensor4D, void> {
  const { src, G } = T;
  const n = src.tiles.length;
  let grad: tf.Tensor4D = tf.zeros([1, G.height, G.width, 3]);
  try {
    for (const [step, i] of passTwoOrder(n).entries()) {
      src.onTile?.(step, n);
      const t = src.tiles[i];
      const xt = crop(x, t);
      let dx: tf.Tensor4D;
      try {
        const { seed, watch } = closing.passFor(t, T.targets[i]);
        dx = src.net.inputGradient(xt, seed, watch);
      } finally {
        xt.dispose();
      }
      const next = tf.tidy(
        () =>
          tf.add(
            grad,
            tf.pad(dx, [
              [0, 0],
              [t.cropY, G.height - t.cropY - t.cropH],
              [t.cropX, G.width - t.cropX - t.cropW],
              [0, 0],
            ]),
          ) as tf.Tensor4D,
      );
      tf.dispose([dx, grad]);
      grad = next;
      yield content.value; // as in pass 1: a scalar's read waits for the tile's work
    }
    return grad;
  } catch (e) {
    grad.dispose();
    throw e;
  }
}

function* evaluation(T: Tiling, x: tf.Tensor4D): Generator<tf.Tensor | void, Evaluation, void> {
  const { src } = T;
  const n = src.tiles.length;
  const sums = yield* gramSums(T, x);
  const content = { value: tf.scalar(0) };
  const closing = closingTile(T.G, src.tiles[n - 1], src.spec, src.grams, sums, T.contentSize, content);
  try {
    const grad = yield* backward(T, x, closing, content);
    try {
      return tf.tidy(() => {
        const tv = tf.valueAndGrad((v: tf.Tensor4D) => tf.mul(totalVariation(v), src.spec.tvWeight) as tf.Scalar)(x);
        const parts = tf.stack([content.value, closing.factors().value, tv.value]) as tf.Tensor1D;
        return { loss: tf.sum(parts) as tf.Scalar, parts, grad: tf.add(grad, tv.grad) as tf.Tensor4D };
      });
    } finally {
      grad.dispose();
    }
  } finally {
    closing.dispose();
    content.value.dispose();
  }
}

/**
 * The tiled objective with the whole picture kept on the host (host-pixels.ts), for scales whose
 * whole-picture state does not fit the memory budget: the iterate, its gradient and the content
 * target are Float32Arrays; each tile's crop (interior and halo) and its share of the content
 * target are uploaded for its passes, and its input gradient is read back and added on the host.
 * On the device at a time: the weights, the Gram targets and sums, and one tile's evaluation.
 * Loss and gradient are the untiled objective's (tile-passes.ts); total variation is taken on the host.
 */
import * as tf from "@tensorflow/tfjs-core";
import { addCrop, totalVariationHost, uploadCrop } from "./host-pixels";
import type { ObjectiveSpec } from "./objective";
import { addTileGrams, closingTile, passTwoOrder, sliceBox, tileGeometry, type TileGeometry } from "./tile-passes";
import type { Tile } from "./tiles";
import type { LossParts } from "./types";
import type { Vgg19 } from "./vgg19";

export interface HostTiledSource {
  net: Vgg19;
  /** The content at this scale, RGB 0–255, row-major (width × height × 3). */
  content: Float32Array;
  width: number;
  height: number;
  grams: Record<string, tf.Tensor2D>;
  spec: ObjectiveSpec;
  tiles: readonly Tile[];
  pause: () => Promise<void>;
  /** Pass 2 reaches tile `index` of `count` (progress). */
  onTile?: (index: number, count: number) => void;
}

/** f(x) with the gradient written into `grad` (overwritten); x and grad are width × height × 3. */
export type HostObjective = (x: Float32Array, grad: Float32Array) => Promise<LossParts>;

/** Each tile's share of the content target, on the host. */
type HostTarget = { data: Float32Array; shape: [number, number, number, number] };

export async function createHostTiledObjective(src: HostTiledSource): Promise<HostObjective> {
  const { width, height, spec, net } = src;
  const G = tileGeometry(net.taps, spec.styleLayers, width, height);
  const targets: HostTarget[] = [];
  for (const t of src.tiles) {
    const f = tf.tidy(() => {
      const c = uploadCrop(src.content, width, t);
      const all = net.featuresAt(c, [spec.contentLayer]);
      return sliceBox(all[spec.contentLayer], G.at(spec.contentLayer, t));
    });
    targets.push({ data: (await f.data()) as Float32Array, shape: f.shape });
    f.dispose();
    await src.pause();
  }
  const contentSize = G.positions(spec.contentLayer) * targets[0].shape[3];
  return (x, grad) => evaluate(src, G, targets, contentSize, x, grad);
}

/** Pass 1: the Gram sums ΣFᵀF per style layer over every tile but the last (the closing tile's own pass adds its share). */
async function gramSums(src: HostTiledSource, G: TileGeometry, x: Float32Array): Promise<Record<string, tf.Tensor2D>> {
  let sums: Record<string, tf.Tensor2D> = {};
  try {
    for (const t of src.tiles.slice(0, -1)) {
      const xt = uploadCrop(x, src.width, t);
      try {
        sums = addTileGrams(G, src.net, xt, t, sums);
      } finally {
        xt.dispose();
      }
      await src.pause();
    }
    return sums;
  } catch (e) {
    tf.dispose(Object.values(sums));
    throw e;
  }
}

async function evaluate(src: HostTiledSource, G: TileGeometry, targets: HostTarget[], contentSize: number, x: Float32Array, grad: Float32Array) {
  const n = src.tiles.length;
  const sums = await gramSums(src, G, x);
  const content = { value: tf.scalar(0) };
  const closing = closingTile(G, src.tiles[n - 1], src.spec, src.grams, sums, contentSize, content);
  try {
    grad.fill(0);
    for (const [step, i] of passTwoOrder(n).entries()) {
      src.onTile?.(step, n);
      const t = src.tiles[i];
      const xt = uploadCrop(x, src.width, t);
      const target = tf.tensor4d(targets[i].data, targets[i].shape);
      try {
        const { seed, watch } = closing.passFor(t, target);
        const dx = await src.net.inputGradientPaced(xt, seed, src.pause, watch);
        const d = await dx.data().finally(() => dx.dispose());
        addCrop(grad, src.width, t, d);
      } finally {
        tf.dispose([xt, target]);
      }
    }
    const tv = totalVariationHost(x, src.width, src.height, src.spec.tvWeight, grad);
    const [c, s] = [(await content.value.data())[0], (await closing.factors().value.data())[0]];
    return { total: c + s + tv, content: c, style: s, tv };
  } finally {
    closing.dispose();
    content.value.dispose();
  }
}

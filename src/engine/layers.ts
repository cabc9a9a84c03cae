/**
 * VGG19's convolutional layers, described once. Names follow the Gatys paper (conv{block}_{index});
 * `keras` is the name of the same layer in the Keras VGG19 weights file (block{b}_conv{i}).
 * A 2×2 pool follows the last conv of each block.
 */
export interface ConvLayer {
  readonly name: string;
  readonly keras: string;
  readonly block: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** A pooling layer follows this conv (end of a block). */
  readonly poolAfter: boolean;
}

const BLOCKS: ReadonlyArray<readonly [convs: number, channels: number]> = [
  [2, 64],
  [2, 128],
  [4, 256],
  [4, 512],
  [4, 512],
];

function buildTable(): ConvLayer[] {
  const out: ConvLayer[] = [];
  let inC = 3;
  BLOCKS.forEach(([n, c], bi) => {
    for (let i = 1; i <= n; i++) {
      out.push({
        name: `conv${bi + 1}_${i}`,
        keras: `block${bi + 1}_conv${i}`,
        block: bi + 1,
        inChannels: inC,
        outChannels: c,
        poolAfter: i === n,
      });
      inC = c;
    }
  });
  return out;
}

export const VGG19_LAYERS: readonly ConvLayer[] = buildTable();

export type LayerName = string;

export function layerIndex(name: LayerName): number {
  const i = VGG19_LAYERS.findIndex((l) => l.name === name);
  if (i < 0) throw new Error(`unknown VGG19 layer ${name}`);
  return i;
}

export function layerByName(name: LayerName): ConvLayer {
  return VGG19_LAYERS[layerIndex(name)];
}

/** The layers up to and including the deepest of `names`: the forward pass never goes further. */
export function layersUpTo(names: readonly LayerName[]): ConvLayer[] {
  const deepest = Math.max(...names.map(layerIndex));
  return VGG19_LAYERS.slice(0, deepest + 1);
}

/** The names a preset (or custom options) taps: its style layers, then its content layer. */
export function tapsOf(styleLayers: Readonly<Record<LayerName, number>>, contentLayer: LayerName): LayerName[] {
  return [...Object.keys(styleLayers), contentLayer];
}

export interface NetworkLayer {
  layer: ConvLayer;
  /** A pool follows this conv in the truncated network (never the deepest one: nothing would use it). */
  pooled: boolean;
}

/** The network as it runs for these taps: layersUpTo, with the pools it actually computes. */
export function truncatedNetwork(taps: readonly LayerName[]): NetworkLayer[] {
  const layers = layersUpTo(taps);
  return layers.map((layer, i) => ({ layer, pooled: layer.poolAfter && i < layers.length - 1 }));
}

/** Each layer of the truncated network with the size it runs at for a width × height input. */
export function layerSizes(taps: readonly LayerName[], width: number, height: number): Array<NetworkLayer & { width: number; height: number }> {
  let w = width;
  let h = height;
  return truncatedNetwork(taps).map((l) => {
    const sized = { ...l, width: w, height: h };
    if (l.pooled) {
      w = Math.floor(w / 2);
      h = Math.floor(h / 2);
    }
    return sized;
  });
}

/** Shape of a layer's kernel: [3, 3, in, out] (its bias is [out]). */
export function kernelShape(l: ConvLayer): [number, number, number, number] {
  return [3, 3, l.inChannels, l.outChannels];
}

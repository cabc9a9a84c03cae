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

/** Element counts of a layer's kernel [3,3,in,out] and bias [out]. */
export function kernelShape(l: ConvLayer): [number, number, number, number] {
  return [3, 3, l.inChannels, l.outChannels];
}

import * as tf from "@tensorflow/tfjs-core";

/** Loaded, dequantised, verified conv weights, keyed by layer name (conv1_1 …). */
export interface LayerWeights {
  kernel: tf.Tensor4D; // [3, 3, in, out]
  bias: tf.Tensor1D; // [out]
}

export class VggWeights {
  constructor(
    readonly layers: ReadonlyMap<string, LayerWeights>,
    readonly source = "",
  ) {}

  has(name: string): boolean {
    return this.layers.has(name);
  }

  get(name: string): LayerWeights {
    const w = this.layers.get(name);
    if (!w) throw new Error(`weights for ${name} not loaded`);
    return w;
  }

  get names(): string[] {
    return [...this.layers.keys()];
  }

  dispose(): void {
    for (const { kernel, bias } of this.layers.values()) {
      kernel.dispose();
      bias.dispose();
    }
  }
}

/**
 * conv3×3 + bias + ReLU with frozen weights: the forward pass and the gradient to the input.
 *
 * The gradient is written out (see vgg19.ts for why the network does its own backward pass):
 *  - fast (default): a forward conv of dy with the kernel rotated 180° and its in/out channels
 *    swapped. Exact for a 3×3, stride-1, 'same' conv, and it runs on the backend's fast forward
 *    path, where tfjs's Conv2DBackpropInput kernel is naive on wasm (README, Performance).
 *    The rotated kernel is made once per layer, not per step.
 *  - stock: tfjs's own Conv2DBackpropInput (faster on the pure-JS cpu backend).
 * Neither needs the layer's input, only its output (for the ReLU mask): that is what lets the
 * backward pass free each activation as soon as it has passed it.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ConvStrategy } from "./conv-strategy";

export { convStrategyFor, type ConvStrategy } from "./conv-strategy";

export interface FrozenConv {
  /** relu(conv(x) + bias). */
  forward(x: tf.Tensor4D): tf.Tensor4D;
  /**
   * dL/dx from dL/dy and y (the forward's output). Takes ownership of dy and frees it, and the
   * ReLU mask, before the conv runs: in block 1 each is as large as the activation.
   */
  backward(dy: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

export function frozenConvRelu(kernel: tf.Tensor4D, bias: tf.Tensor1D, conv: ConvStrategy): FrozenConv {
  const flipped = conv.fastGrad ? tf.tidy(() => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D) : null;
  const inChannels = kernel.shape[2];
  return {
    forward: (x) => convSame(x, kernel, conv.maxTempBytes, bias),
    backward: (dy, y) => {
      let masked: tf.Tensor4D;
      try {
        masked = tf.tidy(() => tf.mul(dy, tf.step(y)) as tf.Tensor4D); // ReLU': 1 where the output is positive
      } finally {
        dy.dispose();
      }
      try {
        if (flipped) return convSame(masked, flipped, conv.maxTempBytes);
        const [b, h, w] = y.shape;
        return tf.conv2dTranspose(masked, kernel, [b, h, w, inChannels], 1, "same");
      } finally {
        masked.dispose();
      }
    },
    dispose: () => flipped?.dispose(),
  };
}

/**
 * A 3×3 'same' conv (+ bias and ReLU when a bias is given), split into bands of rows when its
 * im2col temporary would pass `maxTempBytes`. Each band reads one row of halo above and below and
 * pads only at the image's own edges, so the result is exactly the unsplit conv's.
 */
export function convSame(x: tf.Tensor4D, filter: tf.Tensor4D, maxTempBytes: number, bias?: tf.Tensor1D): tf.Tensor4D {
  const [, h, w, cin] = x.shape;
  const k = filter.shape[0];
  const tempBytes = h * w * k * k * cin * 4;
  const bands = maxTempBytes > 0 ? Math.min(h, Math.ceil(tempBytes / maxTempBytes)) : 1;
  const conv = (input: tf.Tensor4D, pad: "same" | [[0, 0], [number, number], [number, number], [0, 0]]) =>
    bias ? tf.fused.conv2d({ x: input, filter, strides: 1, pad, bias, activation: "relu" }) : tf.conv2d(input, filter, 1, pad);
  if (bands <= 1) return conv(x, "same");
  const half = (k - 1) / 2;
  const rows = Math.ceil(h / bands);
  const parts: tf.Tensor4D[] = [];
  try {
    for (let r0 = 0; r0 < h; r0 += rows) {
      const r1 = Math.min(h, r0 + rows);
      const top = Math.max(0, half - r0);
      const bottom = Math.max(0, r1 + half - h);
      const s0 = r0 - half + top;
      const s1 = r1 + half - bottom;
      parts.push(
        tf.tidy(() =>
          conv(tf.slice(x, [0, s0, 0, 0], [-1, s1 - s0, -1, -1]), [
            [0, 0],
            [top, bottom],
            [half, half],
            [0, 0],
          ]),
        ),
      );
    }
    return tf.concat(parts, 1);
  } finally {
    tf.dispose(parts);
  }
}

/**
 * conv3×3 + bias + ReLU, frozen weights, with a hand-written gradient to the input.
 *
 * tfjs's Conv2DBackpropInput kernel is naive on wasm (81 % of an iteration, ../shared/bench).
 * For a 3×3, stride-1, 'same' conv the input gradient is exactly a forward conv of dy with the
 * kernel rotated 180° and its in/out channels swapped, which runs on the fast (XNNPACK / im2col)
 * forward path. The rotated kernel is made once per layer, not per step.
 */
import * as tf from "@tensorflow/tfjs-core";

export type FrozenConv = (x: tf.Tensor4D) => tf.Tensor4D;

export interface FrozenConvOptions {
  /** Route dx through a forward conv (default true). False uses tfjs's own gradient. */
  fastGrad?: boolean;
}

export function frozenConvRelu(kernel: tf.Tensor4D, bias: tf.Tensor1D, opts: FrozenConvOptions = {}): { apply: FrozenConv; dispose(): void } {
  if (opts.fastGrad === false) {
    return {
      apply: (x) => tf.relu(tf.add(tf.conv2d(x, kernel, 1, "same"), bias)) as tf.Tensor4D,
      dispose() {},
    };
  }
  const flipped = tf.tidy(() => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D);
  // customGrad passes the inputs then a save function, typed as one union array.
  const apply = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor4D;
    const save = args[1] as tf.GradSaveFunc;
    const y = tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: "same", bias, activation: "relu" });
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const masked = tf.mul(dy, tf.step(saved[0])) as tf.Tensor4D; // ReLU': 1 where the output is positive
        return tf.conv2d(masked, flipped, 1, "same");
      },
    };
  }) as (x: tf.Tensor4D) => tf.Tensor4D;
  return { apply, dispose: () => flipped.dispose() };
}

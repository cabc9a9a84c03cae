/**
 * Test support: small objectives with known minima for the optimizers, over x of shape [1, 1, n, 1]
 * in pixel units. Values and gradients are computed in float64 from the iterate's values; `parts`
 * carries the whole loss as its first entry, as the optimizers expect three parts.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Evaluation, Objective } from "../../../src/engine/optimizers/optimizer";

type Fn = (x: number[]) => { loss: number; grad: number[] };

export function objectiveOf(fn: Fn): Objective & { evaluations: () => number } {
  let count = 0;
  const f = async (x: tf.Tensor4D): Promise<Evaluation> => {
    count++;
    const { loss, grad } = fn(Array.from(await x.data()));
    return { loss: tf.scalar(loss), parts: tf.tensor1d([loss, 0, 0]), grad: tf.tensor4d(grad, x.shape) };
  };
  return Object.assign(f, { evaluations: () => count });
}

/** Σ wᵢ (xᵢ − cᵢ)²: minimum at c (inside the box) or at c clamped to [0, 255] (outside it). */
export function quadratic(centre: readonly number[], weights: readonly number[] = centre.map(() => 1)): Fn {
  return (x) => ({
    loss: x.reduce((s, xi, i) => s + weights[i] * (xi - centre[i]) ** 2, 0),
    grad: x.map((xi, i) => 2 * weights[i] * (xi - centre[i])),
  });
}

/** Rosenbrock's (1 − a)² + 100 (b − a²)²: a curved valley, minimum 0 at (1, 1). */
export const rosenbrock: Fn = ([a, b]) => ({
  loss: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
  grad: [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)],
});

export function point(values: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(values as number[], [1, 1, values.length, 1]);
}

/**
 * The coefficient-space two-loop recursion (two-loop.ts) against the textbook loop over vectors:
 * the same direction, in float64 to rounding and through tfjs tensors in float32.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { twoLoopCoefficients, type HistoryProducts } from "../../../src/engine/optimizers/two-loop";
import { cpu } from "../../helpers/backend";
import { seededRandom } from "../../helpers/seeded-random";

beforeAll(cpu);

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** k curvature pairs from a diagonal SPD Hessian plus noise (every sᵀy > 0), and a gradient. */
function history(n: number, k: number, seed: number) {
  const r = seededRandom(seed);
  const diag = Array.from({ length: n }, () => 0.5 + 10 * (r() + 0.5));
  const pairs = Array.from({ length: k }, () => {
    const s = Array.from({ length: n }, () => r());
    const y = s.map((v, i) => diag[i] * v + 0.05 * r());
    return { s, y };
  });
  const g = Array.from({ length: n }, () => 5 * r());
  return { pairs, g };
}

/** The textbook two-loop recursion over the vectors: −H·g. */
function loopDirection(pairs: Array<{ s: number[]; y: number[] }>, g: number[]): number[] {
  let q = [...g];
  const alpha: number[] = [];
  for (let i = pairs.length - 1; i >= 0; i--) {
    const { s, y } = pairs[i];
    alpha[i] = dot(s, q) / dot(s, y);
    q = q.map((v, j) => v - alpha[i] * y[j]);
  }
  const last = pairs[pairs.length - 1];
  const gamma = dot(last.s, last.y) / dot(last.y, last.y);
  let r = q.map((v) => v * gamma);
  for (let i = 0; i < pairs.length; i++) {
    const { s, y } = pairs[i];
    const beta = dot(y, r) / dot(s, y);
    r = r.map((v, j) => v + s[j] * (alpha[i] - beta));
  }
  return r.map((v) => -v);
}

function products(pairs: Array<{ s: number[]; y: number[] }>, g: number[]): { h: HistoryProducts; rows: number[][] } {
  const rows = pairs.flatMap(({ s, y }) => [s, y]);
  const n = rows.length;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gram[i * n + j] = dot(rows[i], rows[j]);
  const last = pairs[pairs.length - 1];
  return {
    h: { pairs: pairs.length, gram, withG: Float64Array.from(rows, (b) => dot(b, g)), gamma: dot(last.s, last.y) / dot(last.y, last.y) },
    rows,
  };
}

function coefficientDirection(pairs: Array<{ s: number[]; y: number[] }>, g: number[]): number[] {
  const { h, rows } = products(pairs, g);
  const { onRows, onG } = twoLoopCoefficients(h);
  return g.map((gj, j) => -(onG * gj + rows.reduce((acc, b, r) => acc + onRows[r] * b[j], 0)));
}

const maxRelErr = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / Math.max(...b.map(Math.abs));

describe("two-loop recursion in coefficient space", () => {
  it("gives the loop's direction for 1, 5 and 20 pairs (float64, to rounding)", () => {
    for (const k of [1, 5, 20]) {
      const { pairs, g } = history(64, k, k);
      const want = loopDirection(pairs, g);
      const got = coefficientDirection(pairs, g);
      expect(maxRelErr(got, want)).toBeLessThan(1e-10);
      // And it is a real quasi-Newton step, not −g: a descent direction far from the gradient's.
      expect(dot(got, g)).toBeLessThan(0);
      expect(
        maxRelErr(
          got,
          g.map((v) => -v),
        ),
      ).toBeGreaterThan(0.1);
    }
  });

  it("matches the loop run on float32 tensors, as the device would", () => {
    const { pairs, g } = history(300, 8, 11);
    const want = tf.tidy(() => {
      const ts = pairs.map(({ s, y }) => ({ s: tf.tensor1d(s), y: tf.tensor1d(y) }));
      let q: tf.Tensor = tf.tensor1d(g);
      const alphas: tf.Scalar[] = [];
      for (let i = ts.length - 1; i >= 0; i--) {
        alphas[i] = tf.div(tf.sum(tf.mul(ts[i].s, q)), tf.sum(tf.mul(ts[i].s, ts[i].y))) as tf.Scalar;
        q = tf.sub(q, tf.mul(ts[i].y, alphas[i]));
      }
      const last = ts[ts.length - 1];
      let r: tf.Tensor = tf.mul(q, tf.div(tf.sum(tf.mul(last.s, last.y)), tf.sum(tf.mul(last.y, last.y))));
      for (let i = 0; i < ts.length; i++) {
        const beta = tf.div(tf.sum(tf.mul(ts[i].y, r)), tf.sum(tf.mul(ts[i].s, ts[i].y)));
        r = tf.add(r, tf.mul(ts[i].s, tf.sub(alphas[i], beta)));
      }
      return Array.from(tf.neg(r).dataSync());
    });
    expect(maxRelErr(coefficientDirection(pairs, g), want)).toBeLessThan(1e-4);
  });

  it("with no pairs, is steepest descent scaled by γ", () => {
    const { onRows, onG } = twoLoopCoefficients({ pairs: 0, gram: new Float64Array(0), withG: new Float64Array(0), gamma: 0.25 });
    expect(onRows.length).toBe(0);
    expect(onG).toBe(0.25);
  });
});

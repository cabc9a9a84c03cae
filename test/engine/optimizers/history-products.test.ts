/**
 * The L-BFGS history's bookkeeping (history-products.ts) against the products computed directly
 * from the vectors: after every accepted trial the history holds the newest m pairs, and its
 * products with each other and with the newest gradient are exact.
 */
import { describe, expect, it } from "vitest";
import { acceptProducts, emptyHistory, keepsPair, ROWS, type TrialProducts } from "../../../src/engine/optimizers/history-products";
import type { HistoryProducts } from "../../../src/engine/optimizers/two-loop";
import { seededRandom } from "../../helpers/seeded-random";

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const N = 7;

/** A trial's rows (s, y, g_new, g, DT, D0), y = s scaled by `curvature` plus noise, and the products it reads back. */
function trial(r: () => number, held: number[][], curvature: number): { rows: number[][]; products: TrialProducts } {
  const vec = () => Array.from({ length: N }, () => r());
  const s = vec();
  const y = s.map((v) => curvature * v + 0.01 * r());
  const rows = [s, y, vec(), vec(), vec(), vec()];
  const vv = rows.flatMap((a) => rows.map((b) => dot(a, b)));
  const hv = held.flatMap((a) => rows.map((b) => dot(a, b)));
  return { rows, products: { vv, hv } };
}

function expectProducts(h: HistoryProducts, held: number[][], g: number[]): void {
  expect(h.pairs).toBe(held.length / 2);
  const gram = held.flatMap((a) => held.map((b) => dot(a, b)));
  expect(Array.from(h.gram)).toHaveLength(gram.length);
  Array.from(h.gram).forEach((v, i) => expect(v).toBeCloseTo(gram[i], 12));
  Array.from(h.withG).forEach((v, i) => expect(v).toBeCloseTo(dot(held[i], g), 12));
  expect(h.withG).toHaveLength(held.length);
}

describe("L-BFGS history products", () => {
  it("keep the newest m pairs' products exactly, with the newest gradient, as pairs come and go", () => {
    const r = seededRandom(3);
    const m = 3;
    let h = emptyHistory();
    let held: number[][] = [];
    for (let k = 0; k < 6; k++) {
      const { rows, products } = trial(r, held, 2 + k);
      expect(products.hv).toHaveLength(held.length * ROWS);
      expect(keepsPair(products)).toBe(true);
      h = acceptProducts(h, products, m);
      held = [...held, rows[0], rows[1]].slice(-2 * m);
      expectProducts(h, held, rows[2]);
      expect(h.gamma).toBeCloseTo(dot(rows[0], rows[1]) / dot(rows[1], rows[1]), 12);
    }
  });

  it("a pair with sᵀy ≤ 0 is not kept: the same rows, their products with the new gradient", () => {
    const r = seededRandom(5);
    let h = emptyHistory();
    let held: number[][] = [];
    for (let k = 0; k < 2; k++) {
      const { rows, products } = trial(r, held, 3);
      h = acceptProducts(h, products, 4);
      held = [...held, rows[0], rows[1]];
    }
    const gamma = h.gamma;
    const { rows, products } = trial(r, held, -1);
    expect(keepsPair(products)).toBe(false);
    const next = acceptProducts(h, products, 4);
    expectProducts(next, held, rows[2]);
    expect(next.gamma).toBe(gamma);
    // The history it came from is left as it was.
    expect(h.withG).not.toBe(next.withG);
  });
});

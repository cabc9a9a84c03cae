import { describe, expect, it, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { gram } from "../../src/engine/losses";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

describe("gram", () => {
  it("matches a hand computation on a 6×8×8 activation, normalised by C·H·W, and is symmetric", () => {
    const C = 6,
      H = 8,
      W = 8;
    // F[c][y][x] = deterministic, varied values
    const f = (c: number, y: number, x: number) => Math.sin(1 + c * 1.7 + y * 0.31 + x * 0.53) * (c + 1);
    const data = new Float32Array(H * W * C);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) data[(y * W + x) * C + c] = f(c, y, x);
    const g = gram(tf.tensor4d(data, [1, H, W, C]));
    expect(g.shape).toEqual([C, C]);
    const got = g.arraySync();
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        let sum = 0; // Σ over the 64 positions of map i × map j
        for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) sum += f(i, y, x) * f(j, y, x);
        expect(got[i][j]).toBeCloseTo(sum / (C * H * W), 5);
        expect(got[i][j]).toBe(got[j][i]);
      }
    }
    g.dispose();
  });
});

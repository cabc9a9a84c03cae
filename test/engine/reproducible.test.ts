/**
 * A run is a function of its inputs and options: the same ones give the same bytes, and with
 * init "noise" the seed decides the start (the same seed, the same picture; another, another).
 * The real lite weights on wasm, 32 px over two scales (16 px, then 32), three iterations each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stylize } from "../../src/engine/stylize";
import type { RgbaImage, StylizeOptions } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { liteRun } from "../helpers/lite-run";

let lite: VggWeights;
let content: RgbaImage, style: RgbaImage;
const run: Partial<StylizeOptions> = { size: 32, workingSize: 32, scales: [0.5, 1], iterations: 3, stopTolerance: 0, previewEvery: 0, strength: 0.7 };

beforeAll(async () => {
  ({ lite, content, style } = await liteRun());
});
afterAll(() => lite.dispose());

const bytes = async (o: Partial<StylizeOptions>) => (await stylize(lite, { content, styles: [{ image: style }] }, { ...run, ...o })).image.data;
/** How many bytes two same-sized images differ in. */
const differing = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
};

describe("reproducible runs", () => {
  it("the same inputs and options give the same bytes", async () => {
    const a = await bytes({});
    const b = await bytes({});
    expect(a.length).toBe(32 * 32 * 4);
    expect(differing(a, b)).toBe(0);
  });

  it("init noise: the same seed gives the same bytes, another seed other bytes", async () => {
    const a = await bytes({ init: "noise", seed: 7 });
    const b = await bytes({ init: "noise", seed: 7 });
    const c = await bytes({ init: "noise", seed: 8 });
    expect(differing(a, b)).toBe(0);
    // Three iterations a scale leave much of the noise in place: most bytes differ, not a handful.
    expect(differing(a, c)).toBeGreaterThan(a.length / 4);
  });
});

/**
 * A style enters a run at its own size but stays on the host (run-content.ts styleForNet): each
 * scale uploads only the size it sees the style at (scale-objective.ts scaleGrams). A 4000 px style
 * layer would otherwise hold 144 MB of the device for the whole run, outside every memory plan.
 * Measured by the device bytes a run holds at its progress reports, against the same run with a
 * small style: the large one adds nothing, with colours kept or not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { stylize } from "../../src/engine/stylize";
import type { RgbaImage } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { wasm } from "../helpers/backend";
import { LITE_LAYERS } from "../helpers/lite-run";
import { noiseImage } from "../helpers/noise-image";
import { loadRawWeights } from "../helpers/raw-weights";

let lite: VggWeights;
beforeAll(async () => {
  await wasm();
  lite = loadRawWeights(LITE_LAYERS);
});
afterAll(() => lite.dispose());

/** The most device bytes a run holds above what was held before it, as its progress reports see them. */
async function heldDuringRun(content: RgbaImage, style: RgbaImage, preserveColors: boolean): Promise<number> {
  const base = tf.memory().numBytes;
  let most = 0;
  await stylize(
    lite,
    { content, styles: [{ image: style }] },
    { preset: "lite", size: 48, workingSize: 48, scales: [1], iterations: 2, preserveColors, previewEvery: 0 },
    { onProgress: () => void (most = Math.max(most, tf.memory().numBytes - base)) },
  );
  expect(tf.memory().numBytes).toBe(base);
  return most;
}

describe("a large style during a run", () => {
  it("never sits whole on the device: a 2000 × 1500 style holds what a 48 × 36 one does", async () => {
    const content = noiseImage(48, 36, 1);
    const large = noiseImage(2000, 1500, 2);
    const small = noiseImage(48, 36, 3);
    const styleBytes = 2000 * 1500 * 3 * 4;
    for (const preserveColors of [false, true]) {
      const withLarge = await heldDuringRun(content, large, preserveColors);
      const withSmall = await heldDuringRun(content, small, preserveColors);
      console.log(
        `colours kept ${preserveColors}: ${withLarge} B held with the large style, ${withSmall} B with the small one (the large style as floats: ${styleBytes} B)`,
      );
      expect(withLarge).toBeGreaterThan(0);
      expect(Math.abs(withLarge - withSmall)).toBeLessThan(styleBytes / 100);
    }
  }, 120_000);
});

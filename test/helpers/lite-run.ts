/**
 * What the engine's run tests share: the real lite network on wasm, the two shared fixtures, and
 * the small single-scale options that keep a run quick on two cores.
 */
import type { RgbaImage, StylizeOptions } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { wasm } from "./backend";
import { fixture } from "./fixtures";
import { loadRawWeights } from "./raw-weights";

export const LITE_LAYERS = ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"];
export const SMALL_RUN: Partial<StylizeOptions> = { size: 32, workingSize: 32, scales: [1], previewEvery: 0 };

export interface LiteRun {
  lite: VggWeights;
  content: RgbaImage;
  style: RgbaImage;
}

/** The wasm backend, the lite weights and the fixtures (the caller disposes `lite`). */
export async function liteRun(): Promise<LiteRun> {
  await wasm();
  return { lite: loadRawWeights(LITE_LAYERS), content: fixture("fixture_content_64x64.png"), style: fixture("fixture_style_32x48.png") };
}

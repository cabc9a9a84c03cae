import { describe, expect, it, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { extractFeatures, preprocess } from "../../src/engine/vgg19";
import { VGG19_LAYERS, layersUpTo } from "../../src/engine/layers";
import { rgbaToRgbTensor } from "../../src/engine/pixels";
import { loadRawWeights, rawKernelAndBias } from "../helpers/raw-weights";
import { fixture } from "../helpers/fixtures";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

describe("VGG19 layer table", () => {
  it("describes conv1_1…conv5_4 with the right channels and pools", () => {
    expect(VGG19_LAYERS.map((l) => l.name).join(" ")).toBe(
      "conv1_1 conv1_2 conv2_1 conv2_2 conv3_1 conv3_2 conv3_3 conv3_4 conv4_1 conv4_2 conv4_3 conv4_4 conv5_1 conv5_2 conv5_3 conv5_4",
    );
    const params = VGG19_LAYERS.reduce((a, l) => a + 9 * l.inChannels * l.outChannels + l.outChannels, 0);
    expect(params).toBe(20_024_384); // the VGG19 conv stack (no fully connected layers)
    expect(VGG19_LAYERS.filter((l) => l.poolAfter).map((l) => l.name)).toEqual(["conv1_2", "conv2_2", "conv3_4", "conv4_4", "conv5_4"]);
    // The forward pass stops at the deepest tap.
    expect(
      layersUpTo(["conv1_1", "conv3_1", "conv2_1"])
        .map((l) => l.name)
        .pop(),
    ).toBe("conv3_1");
    expect(layersUpTo(["conv4_2", "conv5_1"]).length).toBe(13);
  });
});

describe("conv1_1 on the real weights", () => {
  it("equals a plain direct convolution of the caffe-preprocessed fixture", () => {
    const img = fixture("fixture_content_64x64.png");
    const weights = loadRawWeights(["conv1_1"]);
    const rgb = rgbaToRgbTensor(img);
    const got = extractFeatures(weights, rgb, ["conv1_1"]).conv1_1;
    expect(got.shape).toEqual([1, 64, 64, 64]);
    const out = got.dataSync();

    // Independent reference: BGR − mean, zero 'same' padding, HWIO kernel, bias, ReLU.
    const { kernel, bias } = rawKernelAndBias("conv1_1");
    const W = 64,
      H = 64,
      mean = [103.939, 116.779, 123.68];
    const px = (y: number, x: number, c: number) => {
      if (y < 0 || x < 0 || y >= H || x >= W) return 0;
      const rgbIndex = 2 - c; // input channel 0 is B
      return img.data[(y * W + x) * 4 + rgbIndex] - mean[c];
    };
    let maxErr = 0,
      maxVal = 0;
    const positions = [
      [0, 0],
      [0, 63],
      [63, 0],
      [31, 17],
      [10, 50],
      [63, 63],
      [40, 40],
    ];
    for (const [y, x] of positions) {
      for (let o = 0; o < 64; o++) {
        let s = bias[o];
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++)
            for (let c = 0; c < 3; c++) {
              s += px(y + ky - 1, x + kx - 1, c) * kernel[((ky * 3 + kx) * 3 + c) * 64 + o];
            }
        const ref = Math.max(0, s);
        maxErr = Math.max(maxErr, Math.abs(out[(y * W + x) * 64 + o] - ref));
        maxVal = Math.max(maxVal, ref);
      }
    }
    expect(maxVal).toBeGreaterThan(10); // a real activation, not all zeros
    expect(maxErr).toBeLessThan(1e-3 * maxVal);
    tf.dispose([got, rgb]);
    weights.dispose();
  });

  it("preprocess is RGB→BGR minus the ImageNet mean", () => {
    const t = tf.tensor4d([10, 20, 30], [1, 1, 1, 3]);
    const p = preprocess(t);
    const v = Array.from(p.dataSync());
    expect(v[0]).toBeCloseTo(30 - 103.939, 4);
    expect(v[1]).toBeCloseTo(20 - 116.779, 4);
    expect(v[2]).toBeCloseTo(10 - 123.68, 4);
    tf.dispose([t, p]);
  });
});

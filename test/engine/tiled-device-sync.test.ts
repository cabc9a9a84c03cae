/**
 * A tiled evaluation waits for the device after every tile (runPaced reads what each tile yields).
 * Without that wait, WebGL queued a whole pass of tiles: at 1024 px in 2 × 2 tiles (the Figma
 * emulation's 1440 × 960 layer) Chromium's GPU process on SwiftShader grew past 15 GB, keeping every
 * texture freed meanwhile, died, and tfjs reported the next shader as "Failed to compile fragment
 * shader". Here, on the wasm backend at 32 × 24 px, the order of the backend's reads and the tiles
 * shows the wait: one read after each tile's content target, each tile of pass 1 (all but the last,
 * which pass 2 starts with: tile-passes.ts closingTile) and each tile of pass 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { styleGramsPaced } from "../../src/engine/objective";
import { createTiledObjective } from "../../src/engine/tiled-objective";
import { tileGrid } from "../../src/engine/tiles";
import { createVgg19 } from "../../src/engine/vgg19";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { randomVggWeights } from "../../src/weights/core/random";
import { wasm } from "../helpers/backend";
import { LITE_LAYERS } from "../helpers/lite-run";

let weights: VggWeights;
beforeAll(async () => {
  await wasm();
  weights = randomVggWeights(LITE_LAYERS, 5);
});
afterAll(() => weights.dispose());

describe("tiled evaluation and the device", () => {
  it("reads one small result after each tile of each pass, so the device is never more than a tile behind", async () => {
    const { styleLayers, contentLayer } = PRESETS.lite;
    const taps = tapsOf(styleLayers, contentLayer);
    const net = createVgg19(weights, taps);
    const content = tf.randomUniform([1, 24, 32, 3], 0, 255, "float32", 1) as tf.Tensor4D;
    const style = tf.randomUniform([1, 32, 32, 3], 0, 255, "float32", 2) as tf.Tensor4D;
    const x = tf.randomUniform([1, 24, 32, 3], 0, 255, "float32", 3) as tf.Tensor4D;
    const grams = await styleGramsPaced(net, [{ rgb: style, weight: 1 }], Object.keys(styleLayers), async () => {});
    const spec = { styleLayers, contentLayer, ratio: 1e3, tvWeight: 0.05 };
    const tiles = tileGrid(32, 24, 2, 2, taps);
    expect(tiles).toHaveLength(4);
    const events: string[] = [];
    const backend = tf.backend();
    const read = backend.read.bind(backend);
    const readBytes: number[] = [];
    backend.read = (dataId) => {
      events.push("read");
      return read(dataId).then((v) => (readBytes.push(v.length * 4), v));
    };
    let objective: Awaited<ReturnType<typeof createTiledObjective>>;
    try {
      objective = await createTiledObjective({ net, content, grams, spec, tiles, pause: async () => {}, onTile: (i) => events.push(`tile ${i}`) });
      events.push("evaluate");
      const e = await objective.evaluate(x);
      tf.dispose([e.loss, e.parts, e.grad]);
    } finally {
      backend.read = read;
    }
    // The content targets read after each of their 4 tiles, pass 1 after each of its 3; pass 2 announces each of its 4 steps and reads after it.
    const reads = (n: number) => Array<string>(n).fill("read");
    expect(events).toEqual([...reads(4), "evaluate", ...reads(3), "tile 0", "read", "tile 1", "read", "tile 2", "read", "tile 3", "read"]);
    // Small reads: one element of each content target, a 64 × 64 Gram sum (conv1_1) in pass 1, the content term (a scalar) in pass 2.
    expect(readBytes).toEqual([...Array(4).fill(4), ...Array(3).fill(64 * 64 * 4), ...Array(4).fill(4)]);
    objective.dispose();
    net.dispose();
    tf.dispose([content, style, x, ...Object.values(grams)]);
  });
});

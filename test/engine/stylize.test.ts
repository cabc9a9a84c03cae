/**
 * The run end to end with the real lite weights and the shared fixtures, at ≤ 32 px so the suite
 * stays fast on two cores. Optimisation runs use the wasm backend (13× the cpu backend's speed
 * here); one run repeats on cpu to show both backends give the same result.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { stylize } from "../../src/engine/stylize";
import { RestyleError } from "../../src/engine/errors";
import { randomVggWeights } from "../../src/weights/core/random";
import type { Progress, RgbaImage, StylizeOptions } from "../../src/engine/types";
import type { VggWeights } from "../../src/engine/vgg-weights";
import { solid } from "../helpers/fixtures";
import { cpu, wasm } from "../helpers/backend";
import { liteRun, SMALL_RUN } from "../helpers/lite-run";

let lite: VggWeights;
let content: RgbaImage, style: RgbaImage;
const small = SMALL_RUN;
const tiny: Partial<StylizeOptions> = { size: 16, workingSize: 16, scales: [1], previewEvery: 0 };

beforeAll(async () => {
  ({ lite, content, style } = await liteRun());
});
afterAll(() => lite.dispose());

async function expectNoLeak<T>(run: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  try {
    return await run();
  } finally {
    expect(tf.memory().numTensors).toBe(before);
  }
}

async function expectCode(p: Promise<unknown>, code: string): Promise<RestyleError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RestyleError);
  expect((e as RestyleError).code).toBe(code);
  expect((e as RestyleError).message.length).toBeGreaterThan(10);
  return e as RestyleError;
}

describe("optimisation", () => {
  let adamEnd = NaN,
    adamEvals = 0;

  it("30 Adam iterations cut the style loss by at least half, with no tensor leaked", async () => {
    const r = await expectNoLeak(() =>
      stylize(lite, { content, styles: [{ image: style }] }, { ...small, optimizer: "adam", iterations: 30, learningRate: 4, strength: 0.75 }),
    );
    console.log(
      `Adam 30 it: style ${r.stats.lossStart.style.toExponential(3)} → ${r.stats.lossEnd.style.toExponential(3)}, total ${r.stats.lossEnd.total.toExponential(3)}, ${r.stats.msPerIteration.toFixed(0)} ms/it`,
    );
    expect(r.stats.lossEnd.style).toBeLessThan(0.5 * r.stats.lossStart.style);
    expect(r.stats.evaluations).toBe(31);
    expect([r.image.width, r.image.height]).toEqual([32, 32]);
    adamEnd = r.stats.lossEnd.total;
    adamEvals = r.stats.evaluations;
  });

  it("L-BFGS reaches a lower loss than Adam for the same number of gradient evaluations", async () => {
    // L-BFGS may spend more than one evaluation per iteration (line search): cap by evaluations.
    let lbfgsEnd = NaN,
      evals = 0;
    for (let iters = adamEvals - 1; iters > 0; iters -= 2) {
      const r = await stylize(lite, { content, styles: [{ image: style }] }, { ...small, optimizer: "lbfgs", iterations: iters, strength: 0.75 });
      if (r.stats.evaluations <= adamEvals) {
        lbfgsEnd = r.stats.lossEnd.total;
        evals = r.stats.evaluations;
        break;
      }
    }
    console.log(`equal evaluations: Adam ${adamEnd.toExponential(3)} (${adamEvals} evals) vs L-BFGS ${lbfgsEnd.toExponential(3)} (${evals} evals)`);
    expect(evals).toBeGreaterThan(adamEvals - 5);
    expect(lbfgsEnd).toBeLessThan(adamEnd);
  });
});

describe("strength, sizes, alpha, colours, several styles", () => {
  it("strength 0 gives back the content, byte for byte at its own size", async () => {
    const r = await expectNoLeak(() => stylize(lite, { content, styles: [{ image: style }] }, { ...small, size: 0, strength: 0 }));
    expect([r.image.width, r.image.height]).toEqual([64, 64]);
    expect(Buffer.from(r.image.data)).toEqual(Buffer.from(content.data));
  });

  it("the output size is the size painted, doubling from the working size, and keeps the content's alpha", async () => {
    const withAlpha: RgbaImage = { ...content, data: Uint8ClampedArray.from(content.data) };
    for (let y = 0; y < 64; y++) for (let x = 0; x < 32; x++) withAlpha.data[(y * 64 + x) * 4 + 3] = 0; // left half transparent
    const r = await expectNoLeak(() =>
      stylize(lite, { content: withAlpha, styles: [{ image: style }] }, { size: 48, workingSize: 16, scales: [1], iterations: 2, previewEvery: 0 }),
    );
    expect([r.image.width, r.image.height]).toEqual([48, 48]);
    expect(r.stats.scales).toEqual([
      [16, 16],
      [32, 32],
      [48, 48],
    ]);
    expect(r.stats.tiles).toEqual([1, 1, 1]);
    const a = (x: number, y: number) => r.image.data[(y * 48 + x) * 4 + 3];
    expect(a(5, 20)).toBe(0);
    expect(a(40, 20)).toBe(255);
  });

  it("coarse-to-fine runs every scale smallest first and reports progress with previews", async () => {
    const seen: Progress[] = [];
    const r = await expectNoLeak(() =>
      stylize(
        lite,
        { content, styles: [{ image: style }] },
        { size: 64, workingSize: 64, scales: [0.25, 0.5, 1], iterations: 2, previewEvery: 2 },
        { onProgress: (p) => seen.push(p) },
      ),
    );
    expect(r.stats.scales).toEqual([
      [16, 16],
      [32, 32],
      [64, 64],
    ]);
    expect(seen.map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.every((p) => p.totalIterations === 6 && p.scaleCount === 3)).toBe(true);
    const previews = seen.filter((p) => p.preview);
    expect(previews.map((p) => [p.preview!.width, p.preview!.height])).toEqual([
      [16, 16],
      [32, 32],
      [64, 64],
    ]);
    expect(seen[seen.length - 1].etaMs).toBe(0);
    expect(seen.every((p) => Number.isFinite(p.loss.total) && p.elapsedMs >= 0)).toBe(true);
  });

  it("preserve colours keeps the content's chrominance", async () => {
    const r = await expectNoLeak(() => stylize(lite, { content, styles: [{ image: style }] }, { ...tiny, iterations: 4, strength: 1, preserveColors: true }));
    const c32 = await expectNoLeak(() => stylize(lite, { content, styles: [{ image: style }] }, { ...tiny, strength: 0 }));
    // Mean I/Q (YIQ chrominance) of the result match the content's within a few levels.
    const iq = (img: RgbaImage) => {
      let i = 0,
        q = 0;
      for (let k = 0; k < img.data.length; k += 4) {
        const [R, G, B] = [img.data[k], img.data[k + 1], img.data[k + 2]];
        i += 0.596 * R - 0.274 * G - 0.322 * B;
        q += 0.211 * R - 0.523 * G + 0.312 * B;
      }
      const n = img.data.length / 4;
      return [i / n, q / n];
    };
    const [ri, rq] = iq(r.image),
      [ci, cq] = iq(c32.image);
    expect(Math.abs(ri - ci)).toBeLessThan(3);
    expect(Math.abs(rq - cq)).toBeLessThan(3);
  });

  it("several styles blend: a zero-weight style changes nothing", async () => {
    const red = solid(24, 24, [220, 30, 30, 255]);
    const opts = { ...tiny, iterations: 3, optimizer: "adam" as const };
    const one = await stylize(lite, { content, styles: [{ image: style }] }, opts);
    const two = await expectNoLeak(() =>
      stylize(
        lite,
        {
          content,
          styles: [
            { image: style, weight: 1 },
            { image: red, weight: 0 },
          ],
        },
        opts,
      ),
    );
    expect(Buffer.from(two.image.data)).toEqual(Buffer.from(one.image.data));
    const mixed = await stylize(
      lite,
      {
        content,
        styles: [
          { image: style, weight: 1 },
          { image: red, weight: 1 },
        ],
      },
      opts,
    );
    expect(Buffer.from(mixed.image.data)).not.toEqual(Buffer.from(one.image.data));
  });
});

describe("backends", () => {
  it("cpu and wasm give the same result", async () => {
    const opts = { ...tiny, iterations: 3, optimizer: "adam" as const };
    const onWasm = await stylize(lite, { content, styles: [{ image: style }] }, opts);
    await cpu();
    try {
      const onCpu = await expectNoLeak(() => stylize(lite, { content, styles: [{ image: style }] }, opts));
      expect(onCpu.stats.backend).toBe("cpu");
      expect(onWasm.stats.backend).toBe("wasm");
      expect(onCpu.stats.lossEnd.total / onWasm.stats.lossEnd.total).toBeCloseTo(1, 3);
      let maxDiff = 0;
      for (let i = 0; i < onCpu.image.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(onCpu.image.data[i] - onWasm.image.data[i]));
      expect(maxDiff).toBeLessThanOrEqual(2);
    } finally {
      await wasm();
    }
  });
});

describe("full preset", () => {
  it("runs end to end at 32 px with generated weights for blocks 4–5 (conv5_1 is the deepest layer computed)", async () => {
    const full = randomVggWeights(
      ["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2", "conv3_3", "conv3_4", "conv4_1", "conv4_2", "conv4_3", "conv4_4", "conv5_1"],
      3,
      lite,
    );
    try {
      const r = await expectNoLeak(() => stylize(full, { content, styles: [{ image: style }] }, { ...small, preset: "full", iterations: 4, strength: 0.75 }));
      expect([r.image.width, r.image.height]).toEqual([32, 32]);
      expect(r.stats.lossEnd.total).toBeLessThan(r.stats.lossStart.total);
    } finally {
      full.dispose();
    }
  });

  it("asks for the full weights when only the lite ones are loaded", async () => {
    const e = await expectCode(stylize(lite, { content, styles: [{ image: style }] }, { ...small, preset: "full" }), "weights-missing");
    expect(e.message).toMatch(/conv4_1/);
  });
});

describe("cancel and bad input", () => {
  it("cancel mid-run stops within one iteration and leaves no tensors", async () => {
    const ac = new AbortController();
    let calls = 0;
    await expectNoLeak(() =>
      expectCode(
        stylize(
          lite,
          { content, styles: [{ image: style }] },
          { ...small, iterations: 50 },
          {
            signal: ac.signal,
            onProgress: () => {
              if (++calls === 2) ac.abort();
            },
          },
        ),
        "cancelled",
      ),
    );
    expect(calls).toBe(2);
  });

  it("an abort from a timer is honoured within about one iteration, and the event loop gets turns throughout", async () => {
    const ac = new AbortController();
    const iterationMs: number[] = [];
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 1);
    let abortedAt = NaN;
    // Armed once an iteration has been timed, not at the start: on a loaded machine the setup alone can outlast a fixed timer.
    let armed = false;
    const arm = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => {
        abortedAt = performance.now();
        ac.abort();
      }, 400);
    };
    let prev = performance.now();
    try {
      const e = await expectNoLeak(() =>
        expectCode(
          stylize(
            lite,
            { content, styles: [{ image: style }] },
            { ...small, iterations: 300 },
            {
              signal: ac.signal,
              onProgress: () => {
                const now = performance.now();
                iterationMs.push(now - prev);
                prev = now;
                if (iterationMs.length >= 2) arm(); // one whole iteration timed first
              },
            },
          ),
          "cancelled",
        ),
      );
      expect(e.message).toMatch(/cancelled/);
    } finally {
      clearInterval(ticker);
    }
    const stoppedAfter = performance.now() - abortedAt;
    const perIteration = iterationMs.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, iterationMs.length - 1);
    console.log(
      `abort → rejection ${stoppedAfter.toFixed(0)} ms; ${perIteration.toFixed(0)} ms per iteration; longest gap between timer ticks ${maxGap.toFixed(0)} ms`,
    );
    expect(iterationMs.length).toBeGreaterThan(0);
    expect(stoppedAfter).toBeLessThan(Math.max(2 * perIteration, 250));
    expect(maxGap).toBeLessThan(Math.max(3 * perIteration, 400));
  });

  it("on cpu, where one iteration takes seconds, an abort part-way through an evaluation stops it between two layers, leaving no tensor", async () => {
    await cpu();
    try {
      const ac = new AbortController();
      let abortedAt = NaN;
      let iterations = 0;
      setTimeout(() => {
        abortedAt = performance.now();
        ac.abort();
      }, 1500);
      await expectNoLeak(() =>
        expectCode(
          stylize(
            lite,
            { content, styles: [{ image: style }] },
            { size: 64, workingSize: 64, scales: [1], iterations: 50, previewEvery: 0 },
            { signal: ac.signal, onProgress: () => iterations++ },
          ),
          "cancelled",
        ),
      );
      const stoppedAfter = performance.now() - abortedAt;
      console.log(`cpu 64 px: abort → rejection ${stoppedAfter.toFixed(0)} ms after ${iterations} iteration(s)`);
      expect(stoppedAfter).toBeLessThan(2500);
    } finally {
      await wasm();
    }
  });
});

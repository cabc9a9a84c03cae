/**
 * Every bad input the library is tested against, in tables: each ends in its typed RestyleError
 * (or, for small and thin images, a picture or a plain refusal) within a bound, with no tensor left.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { stylize } from "../../src/engine/stylize";
import { RestyleError, type RestyleErrorCode } from "../../src/engine/errors";
import { minNetworkSide } from "../../src/engine/schedule";
import { PRESETS } from "../../src/engine/defaults";
import { tapsOf } from "../../src/engine/layers";
import { startLeakCount } from "../../src/engine/run-state";
import { VggWeights, type LayerWeights } from "../../src/engine/vgg-weights";
import type { RgbaImage, StylizeInput, StylizeOptions } from "../../src/engine/types";
import { solid } from "../helpers/fixtures";
import { cpu, wasm } from "../helpers/backend";
import { liteRun, SMALL_RUN } from "../helpers/lite-run";

let lite: VggWeights;
let content: RgbaImage, style: RgbaImage;
const small = SMALL_RUN;

beforeAll(async () => {
  ({ lite, content, style } = await liteRun());
});
afterAll(() => lite.dispose());

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  const before = tf.memory().numTensors;
  const e = await run().then(
    (r) => r,
    (err: unknown) => err,
  );
  expect(tf.memory().numTensors, "tensors left after the run").toBe(before);
  return e;
}

function expectRefusal(e: unknown, code: RestyleErrorCode, message: RegExp): void {
  expect(e).toBeInstanceOf(RestyleError);
  expect((e as RestyleError).code).toBe(code);
  expect((e as RestyleError).message).toMatch(message);
}

/** The image with other pixel data, as a caller with the wrong array type would pass it. */
function withData(img: RgbaImage, data: unknown): RgbaImage {
  return { ...img, data: data as RgbaImage["data"] };
}

/** A picture whose pixels vary (a 1-bit checker), so it is not a flat colour. */
function checker(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set((x + y) % 2 ? [200, 60, 30, 255] : [20, 90, 220, 255], (y * width + x) * 4);
  return { width, height, data };
}

describe("bad images and inputs", () => {
  const cases: Array<[string, () => StylizeInput, RestyleErrorCode, RegExp]> = [
    ["content: null", () => ({ content: null as unknown as RgbaImage, styles: [{ image: style }] }), "bad-image", /content image is missing/],
    ["no input at all", () => null as unknown as StylizeInput, "bad-image", /content image and at least one style/],
    ["a style entry of null", () => ({ content, styles: [null as unknown as { image: RgbaImage }] }), "bad-image", /style image is missing/],
    ["styles not an array", () => ({ content, styles: "style.png" as unknown as [] }), "bad-image", /at least one style/],
    ["no styles", () => ({ content, styles: [] }), "bad-image", /at least one style/],
    [
      "width 63.5",
      () => ({ content: { width: 63.5, height: 64, data: new Uint8Array(64 * 64 * 4) }, styles: [{ image: style }] }),
      "bad-image",
      /not a whole number/,
    ],
    ["width NaN", () => ({ content: { width: NaN, height: 4, data: new Uint8Array(0) }, styles: [{ image: style }] }), "bad-image", /not a number/],
    ["0×0", () => ({ content: { width: 0, height: 0, data: new Uint8Array(0) }, styles: [{ image: style }] }), "bad-image", /empty/],
    [
      "wrong byte count",
      () => ({ content: { width: 4, height: 4, data: new Uint8Array(10) }, styles: [{ image: style }] }),
      "bad-image",
      /does not match its size/,
    ],
    ["20000 px wide", () => ({ content: { width: 20000, height: 2, data: new Uint8Array(0) }, styles: [{ image: style }] }), "image-too-large", /too large/],
    ["transparent content", () => ({ content: solid(8, 8, [255, 0, 0, 0]), styles: [{ image: style }] }), "transparent-image", /fully transparent/],
    ["transparent style", () => ({ content, styles: [{ image: solid(8, 8, [0, 0, 0, 0]) }] }), "transparent-image", /style image is fully transparent/],
    [
      "a style weight of -1",
      () => ({ content, styles: [{ image: style, weight: -1 }] }),
      "bad-options",
      /Style weights must be numbers from 0 to 1000 \(got -1\)/,
    ],
    ["every style weight 0", () => ({ content, styles: [{ image: style, weight: 0 }] }), "bad-options", /weight above 0/],
    ["a thin style (4000×8)", () => ({ content, styles: [{ image: checker(4000, 8) }] }), "bad-image", /style image \(4000×8\) is too narrow/],
    // Pixel data that is not RGBA bytes would run and give a white or wrong picture.
    [
      "pixel data a string of the right length",
      () => ({ content: withData(content, "x".repeat(64 * 64 * 4)), styles: [{ image: style }] }),
      "bad-image",
      /content image's pixel data is the string "x{40}…"; give a Uint8Array or Uint8ClampedArray/,
    ],
    [
      "pixel data floats in 0–1",
      () => ({ content: withData(content, new Float32Array(64 * 64 * 4).fill(0.5)), styles: [{ image: style }] }),
      "bad-image",
      /content image's pixel data is a Float32Array; give a Uint8Array/,
    ],
    [
      "pixel data 16-bit",
      () => ({ content: withData(content, new Uint16Array(64 * 64 * 4).fill(65535)), styles: [{ image: style }] }),
      "bad-image",
      /pixel data is a Uint16Array/,
    ],
    [
      "pixel data a plain array",
      () => ({ content: withData(content, Array.from(content.data)), styles: [{ image: style }] }),
      "bad-image",
      /pixel data is an array/,
    ],
    ["pixel data missing", () => ({ content: withData(content, undefined), styles: [{ image: style }] }), "bad-image", /pixel data is nothing/],
    [
      "a style's pixel data as floats",
      () => ({ content, styles: [{ image: withData(style, new Float64Array(style.data.length)) }] }),
      "bad-image",
      /style image's pixel data is a Float64Array/,
    ],
    [
      "a starting image of 16-bit values",
      () => ({ content, styles: [{ image: style }], init: withData(content, new Uint16Array(64 * 64 * 4)) }),
      "bad-image",
      /starting image's pixel data is a Uint16Array/,
    ],
    [
      'width the string "64"',
      () => ({ content: { ...content, width: "64" as unknown as number }, styles: [{ image: style }] }),
      "bad-image",
      /content image's width is not a number \(got the string "64"\)/,
    ],
    [
      'height the string "64"',
      () => ({ content: { ...content, height: "64" as unknown as number }, styles: [{ image: style }] }),
      "bad-image",
      /height is not a number \(got the string "64"\)/,
    ],
    // Every limit holds from every source: the library's input is held to the panel's.
    ["five styles", () => ({ content, styles: Array.from({ length: 5 }, () => ({ image: style })) }), "bad-options", /at most 4 styles \(got 5\)/],
    [
      "two style weights of 1e308 (their sum overflows)",
      () => ({
        content,
        styles: [
          { image: style, weight: 1e308 },
          { image: style, weight: 1e308 },
        ],
      }),
      "bad-options",
      /from 0 to 1000 \(got 1e\+308\)/,
    ],
    ["a style weight of 1001", () => ({ content, styles: [{ image: style, weight: 1001 }] }), "bad-options", /from 0 to 1000 \(got 1001\)/],
    ['a style weight the string "2"', () => ({ content, styles: [{ image: style, weight: "2" as unknown as number }] }), "bad-options", /got the string "2"/],
    ["a style weight of NaN", () => ({ content, styles: [{ image: style, weight: NaN }] }), "bad-options", /got NaN/],
    ["a style weight of Infinity", () => ({ content, styles: [{ image: style, weight: Infinity }] }), "bad-options", /got Infinity/],
  ];
  it.each(cases)("%s", async (_name, input, code, message) => {
    expectRefusal(await outcome(() => stylize(lite, input(), small)), code, message);
  });
});

describe("bad options", () => {
  const cases: Array<[string, Partial<StylizeOptions>, RegExp]> = [
    ["strength 2", { strength: 2 }, /strength must be a number from 0 to 1/],
    ["iterations 0", { iterations: 0 }, /iterations/],
    ["iterations 2.5", { iterations: 2.5 }, /whole number/],
    ["size 5000", { size: 5000 }, /size must be/],
    ["scales without 1", { scales: [0.5] }, /largest scale must be 1/],
    ["optimizer sgd", { optimizer: "sgd" as "adam" }, /optimizer must be one of/],
    ["an unknown style layer", { styleLayers: { conv9_9: 1 } }, /Unknown style layer/],
    // A string where a number belongs is named as a string.
    ['strength the string "0.5"', { strength: "0.5" as unknown as number }, /strength must be a number from 0 to 1 \(got the string "0.5"\)/],
    ['seed the string "7"', { seed: "7" as unknown as number }, /seed must be a number from 0 to 2147483647 \(got the string "7"\)/],
    ["seed -1", { seed: -1 }, /seed must be a number from 0 to 2147483647 \(got -1\)/],
    ['iterations the string "10"', { iterations: "10" as unknown as number }, /iterations must be a number from 1 to 2000 \(got the string "10"\)/],
    ["size NaN", { size: NaN }, /size must be a number from 0 to 4096 \(got NaN\)/],
    ["preset 5", { preset: 5 as unknown as "lite" }, /preset must be one of lite, full \(got 5\)/],
    ['preserveColors "yes"', { preserveColors: "yes" as unknown as boolean }, /preserveColors must be true or false \(got the string "yes"\)/],
    [
      'a style layer weight the string "1"',
      { styleLayers: { conv1_1: "1" as unknown as number } },
      /The weight of conv1_1 must be a number from 0 to 1000 \(got the string "1"\)/,
    ],
  ];
  it.each(cases)("%s", async (_name, o, message) => {
    expectRefusal(await outcome(() => stylize(lite, { content, styles: [{ image: style }] }, { ...small, ...o })), "bad-options", message);
  });

  it("the full preset with only the lite weights asks for the full weights", async () => {
    expectRefusal(await outcome(() => stylize(lite, { content, styles: [{ image: style }] }, { ...small, preset: "full" })), "weights-missing", /conv4_1/);
  });
});

describe("a callback's own error comes back as its own, never as a cancel or out of memory", () => {
  const cases: Array<[string, () => unknown]> = [
    ["“zoom level invalid”", () => new Error("zoom level invalid")],
    ["words that say aborted", () => new Error("The operation was aborted")],
    ["words that say out of memory", () => new Error("out of memory: Failed to allocate")],
    ["an AbortError of its own", () => Object.assign(new Error("mine"), { name: "AbortError" })],
    ["a RangeError of its own", () => new RangeError("bad range")],
    ["a thrown string", () => "nope"],
  ];
  it.each(cases)("%s", async (_name, make) => {
    const thrown = make();
    const onProgress = () => {
      throw thrown;
    };
    expect(await outcome(() => stylize(lite, { content, styles: [{ image: style }] }, { ...small, iterations: 3 }, { onProgress }))).toBe(thrown);
  });
});

describe("disposed or malformed weights get a sentence, not a TypeError", () => {
  /** A copy of the lite weights (so the shared set stays usable), changed by `edit`. */
  function copy(edit: (m: Map<string, LayerWeights>) => void = () => undefined): VggWeights {
    const m = new Map<string, LayerWeights>([...lite.layers].map(([n, w]) => [n, { kernel: w.kernel.clone(), bias: w.bias.clone() }]));
    edit(m);
    return new VggWeights(m, "copy");
  }
  const cases: Array<[string, () => VggWeights, RestyleErrorCode, RegExp]> = [
    [
      "weights disposed before the run",
      () => {
        const w = copy();
        w.dispose();
        return w;
      },
      "weights-missing",
      /^These weights were disposed before the run; load them again\.$/,
    ],
    ["an empty object", () => ({}) as VggWeights, "weights-corrupt", /^These are not VGG19 weights \(got an object\)/],
    ["null", () => null as unknown as VggWeights, "weights-corrupt", /not VGG19 weights \(got null\)/],
    [
      "a kernel that is an array",
      () =>
        copy((m) => {
          m.get("conv1_1")!.kernel.dispose();
          m.set("conv1_1", { kernel: [] as unknown as tf.Tensor4D, bias: m.get("conv1_1")!.bias });
        }),
      "weights-corrupt",
      /^The weights for conv1_1 are not tensors/,
    ],
    [
      "two layers swapped",
      () =>
        copy((m) => {
          const [a, b] = [m.get("conv1_2")!, m.get("conv2_1")!];
          m.set("conv1_2", b);
          m.set("conv2_1", a);
        }),
      "weights-corrupt",
      /^The weights for conv1_2 have the wrong shape/,
    ],
  ];
  it.each(cases)("%s", async (_name, make, code, message) => {
    const w = make();
    try {
      expectRefusal(await outcome(() => stylize(w, { content, styles: [{ image: style }] }, small)), code, message);
    } finally {
      // What the copy still holds as tensors (a disposed set holds nothing to free).
      if (w instanceof VggWeights) for (const l of w.layers.values()) tf.dispose([l.kernel, l.bias].filter((t) => t instanceof tf.Tensor && !t.isDisposed));
    }
  });
});

describe("seeds and the tensor count", () => {
  const noise = (seed: number) => stylize(lite, { content, styles: [{ image: style }] }, { ...small, init: "noise", iterations: 2, seed });
  const same = (a: { data: ArrayLike<number> }, b: { data: ArrayLike<number> }) => Buffer.from(a.data as Uint8Array).equals(Buffer.from(b.data as Uint8Array));

  it("seed 0 is a seed of its own: the same pixels again, not those of seed 1", async () => {
    const [a, b, c] = [await noise(0), await noise(0), await noise(1)];
    expect(same(a.image, b.image)).toBe(true);
    expect(same(a.image, c.image)).toBe(false);
  });

  it("two runs at once in one process print no false leak", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await Promise.all([noise(3), noise(4), noise(5)]);
      expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => /tensors leaked/.test(m))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it("counts a run's own leak when it ran alone, and nothing when another overlapped it", () => {
    const alone = startLeakCount();
    const leaked = tf.scalar(1);
    expect(alone()).toBe(1);
    const outer = startLeakCount();
    const inner = startLeakCount();
    const other = tf.scalar(2);
    expect(inner()).toBeNull();
    expect(outer()).toBeNull();
    tf.dispose([leaked, other]);
  });
});

describe("a non-finite loss is an error, never a picture", () => {
  it.each(["wasm", "cpu"] as const)("NaN weights on %s", async (backend) => {
    await (backend === "cpu" ? cpu() : wasm());
    const map = new Map<string, LayerWeights>();
    for (const [name, w] of lite.layers) map.set(name, { kernel: w.kernel, bias: name === "conv1_1" ? (tf.fill([64], NaN) as tf.Tensor1D) : w.bias });
    const broken = new VggWeights(map, "NaN bias");
    try {
      const e = await outcome(() => stylize(broken, { content, styles: [{ image: style }] }, { ...small, iterations: 2 }));
      expectRefusal(e, "backend-unavailable", /invalid number/);
    } finally {
      map.get("conv1_1")!.bias.dispose();
      await wasm();
    }
  });
});

describe("small and thin images: a picture or a plain refusal, on wasm and cpu", () => {
  const liteMin = minNetworkSide(tapsOf(PRESETS.lite.styleLayers, PRESETS.lite.contentLayer));
  const fullMin = minNetworkSide(tapsOf(PRESETS.full.styleLayers, PRESETS.full.contentLayer));

  it("the network's smallest side: 4 px for lite (two pools), 16 for full (four)", () => {
    expect([liteMin, fullMin]).toEqual([4, 16]);
  });

  const shapes: Array<[number, number]> = [
    [1, 1],
    [2, 2],
    [64, 1],
    [64, 2],
    [64, 3],
    [64, 4],
    [3, 4000],
    [4000, 8],
  ];
  const table = (["wasm", "cpu"] as const).flatMap((backend) => [0, 32].flatMap((size) => shapes.map(([w, h]) => [backend, size, w, h] as const)));
  // What the run must give: the output's size, or null for a refusal.
  const expected = (size: number, w: number, h: number): [number, number] | null => {
    const long = size > 0 ? size : Math.max(w, h);
    const s = long / Math.max(w, h);
    const out: [number, number] = [Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s))];
    const work = Math.min(512, long) / Math.max(w, h);
    const workShort = Math.max(1, Math.round(Math.min(w, h) * work));
    return workShort >= 4 ? out : null;
  };

  it.each(table)("%s, size %i: %i×%i", async (backend, size, w, h) => {
    await (backend === "cpu" ? cpu() : wasm());
    try {
      const t0 = performance.now();
      const r = await outcome(() => stylize(lite, { content: checker(w, h), styles: [{ image: style }] }, { size, iterations: 1, previewEvery: 0 }));
      expect(performance.now() - t0).toBeLessThan(30_000);
      const want = expected(size, w, h);
      if (want === null) {
        expectRefusal(r, "bad-image", /too (small|narrow) to stylise: at the working size it is \d+×\d+ px, and the network needs at least 4 px on each side/);
      } else {
        expect(r).not.toBeInstanceOf(Error);
        const { image, stats } = r as Awaited<ReturnType<typeof stylize>>;
        expect([image.width, image.height]).toEqual(want);
        expect(Number.isFinite(stats.lossEnd.total)).toBe(true);
        // Every scale run is one the network can take.
        for (const [sw, sh] of stats.scales) expect(Math.min(sw, sh)).toBeGreaterThanOrEqual(4);
      }
    } finally {
      await wasm();
    }
  });
});

// The small pure pieces under the weights: hashing, base64, float16, quantisation, progress text, args.
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useNodeBackend } from "../../../src/node/backend";
import { decodeBase64 } from "../../../src/weights/core/base64";
import { sha256Hex, sha256HexSync } from "../../../src/weights/core/sha256";
import { toFloat16Bits } from "../../../src/weights/core/float16";
import { dequantise, fromFloat16Bits, quantise } from "../../../src/weights/core/quantise";
import { progressLine } from "../../../src/weights/node/progress-line";
import { parseWeightsArgs } from "../../../src/weights/node/weights-args";
import { KERAS_MD5, KERAS_URL } from "../../../src/weights/core/keras-source";

beforeAll(async () => {
  await useNodeBackend("cpu");
});

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);

describe("sha256", () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 1000, 70001])("matches node:crypto for %i bytes (WebCrypto and the fallback)", async (n) => {
    const b = bytes(n);
    const want = createHash("sha256").update(b).digest("hex");
    expect(await sha256Hex(b)).toBe(want);
    expect(sha256HexSync(b)).toBe(want);
  });
  it("hashes a view, not its whole buffer", async () => {
    const b = bytes(100);
    expect(await sha256Hex(b.subarray(10, 20))).toBe(createHash("sha256").update(b.subarray(10, 20)).digest("hex"));
  });
});

describe("decodeBase64", () => {
  it.each([0, 1, 2, 3, 4, 5, 1000])("round-trips %i bytes, standard and URL-safe", (n) => {
    const b = bytes(n);
    expect(decodeBase64(Buffer.from(b).toString("base64"))).toEqual(b);
    expect(decodeBase64(Buffer.from(b).toString("base64url"))).toEqual(b);
    expect(decodeBase64(Buffer.from(b).toString("base64").replace(/(.{10})/g, "$1\n"))).toEqual(b);
  });
  it("rejects characters outside the alphabet", () => {
    expect(() => decodeBase64("AAA*")).toThrow(/invalid base64/);
  });
});

describe("float16", () => {
  it("encodes exactly what tfjs decodes back, rounding to nearest even", () => {
    const xs = new Float32Array([0, -0, 1, -2.5, 0.1, 65504, 65520, 1e-5, 6e-8, 2e-8, 1e-9, 3.14159, -0.0001234, 1 + 2 ** -11, 1 + 3 * 2 ** -11]);
    const bits = Uint16Array.from(xs, (x) => toFloat16Bits(x));
    const spec: tf.io.WeightsManifestEntry[] = [{ name: "x", shape: [xs.length], dtype: "float32", quantization: { dtype: "float16" } }];
    const t = tf.io.decodeWeights(bits.buffer, spec).x;
    const back = t.dataSync();
    t.dispose();
    expect(Array.from(back)).toEqual(Array.from(bits, fromFloat16Bits));
    expect(back[2]).toBe(1);
    expect(back[3]).toBe(-2.5);
    expect(back[5]).toBe(65504); // largest half
    expect(back[6]).toBe(Infinity); // rounds past it
    expect(back[13]).toBe(1); // halfway, ties to even (down)
    expect(back[14]).toBe(1 + 2 * 2 ** -10); // halfway, ties to even (up)
    expect(back[10]).toBe(0); // below the smallest subnormal
    expect(Math.abs(back[4] - 0.1) / 0.1).toBeLessThan(2 ** -11);
    expect(Math.abs(back[8] - 6e-8)).toBeLessThanOrEqual(2 ** -25); // subnormal, within half a step
  });
});

describe("quantise", () => {
  const xs = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 0.3 + 0.01);
  it("float32 is lossless", () => {
    expect(dequantise(quantise(xs, "float32"), xs.length)).toEqual(xs);
  });
  it("float16 keeps ~11 significant bits", () => {
    const back = dequantise(quantise(xs, "float16"), xs.length);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(back[i] - xs[i])).toBeLessThanOrEqual(Math.abs(xs[i]) * 2 ** -11 + 2 ** -25);
  });
  it("uint8 stays within half a level of (max − min)/255, with tfjs's min/scale convention", () => {
    const q = quantise(xs, "uint8");
    expect(q.quantization?.dtype).toBe("uint8");
    const step = q.quantization!.scale!;
    expect(step).toBeCloseTo((Math.max(...xs) - Math.min(...xs)) / 255, 6);
    const back = dequantise(q, xs.length);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(back[i] - xs[i])).toBeLessThanOrEqual(step / 2 + 1e-6);
    const spec: tf.io.WeightsManifestEntry[] = [{ name: "x", shape: [xs.length], dtype: "float32", quantization: { dtype: "uint8", min: q.quantization!.min, scale: step } }];
    const t = tf.io.decodeWeights(q.bytes.slice().buffer, spec).x;
    const tfBack = t.dataSync();
    t.dispose();
    for (let i = 0; i < xs.length; i++) expect(tfBack[i]).toBeCloseTo(back[i], 6);
  });
  it("uint8 of a constant tensor decodes to the constant", () => {
    const c = new Float32Array(10).fill(0.25);
    expect(Array.from(dequantise(quantise(c, "uint8"), 10))).toEqual(Array(10).fill(0.25));
  });
});

describe("progressLine", () => {
  it("shows bytes, rate from this run only, and ETA", () => {
    expect(progressLine({ received: 30e6, total: 80e6, fetched: 20e6, elapsedMs: 10_000 })).toBe("30.0 / 80.0 MB (37%)  2.0 MB/s  ETA 25s");
    expect(progressLine({ received: 1e6, total: 80e6, fetched: 1e6, elapsedMs: 1000 })).toBe("1.0 / 80.0 MB (1%)  1.0 MB/s  ETA 1m19s");
    expect(progressLine({ received: 5e6, total: null, fetched: 5e6, elapsedMs: 0 })).toBe("5.0 MB  0.0 MB/s  ETA --");
  });
});

describe("parseWeightsArgs", () => {
  it("defaults to the Keras file and float16", () => {
    expect(parseWeightsArgs([])).toEqual({ url: KERAS_URL, md5: KERAS_MD5, dtype: "float16", out: "weights", help: false });
    expect(KERAS_MD5).toBe("253f8cb515780f3b799900260a226db6");
  });
  it("reads every option", () => {
    const a = parseWeightsArgs(["--from", "../shared/vgg19", "--dtype", "uint8", "--out", "w", "--url", "http://x/y.h5", "--md5", "0123456789ABCDEF0123456789abcdef"]);
    expect(a).toMatchObject({ from: "../shared/vgg19", dtype: "uint8", out: "w", url: "http://x/y.h5", md5: "0123456789abcdef0123456789abcdef" });
  });
  it.each([[["--dtype", "int4"]], [["--md5", "xyz"]], [["--from"]], [["--bogus"]]])("refuses %j as a usage error", (argv) => {
    expect(() => parseWeightsArgs(argv)).toThrow(expect.objectContaining({ code: "bad-options" }));
  });
});

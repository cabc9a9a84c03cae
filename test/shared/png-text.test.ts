/**
 * tEXt chunks on real PNG bytes: written before IEND with a valid CRC (pngjs, which checks every
 * chunk's CRC, decodes the file to the same pixels), read back; damaged, oversized, truncated or
 * absent chunks read as absent and never throw. And the result record written through them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import Crc from "pngjs/lib/crc";
import { describe, expect, it } from "vitest";
import { chunkTypes, MAX_TEXT_BYTES, readTextChunk, withTextChunk } from "../../src/kit/png-text";
import { readResultRecipe, RESULT_KEYWORD, withResultRecipe } from "../../src/shared/result-png";
import type { ResultParams } from "../../src/shared/result-params";
import { IMAGES } from "../helpers/paths";

const ORIGINAL = new Uint8Array(readFileSync(join(IMAGES, "fixture_content_64x64.png")));

/** A hand-made chunk (for cases the writer refuses to make). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(Buffer.from(type, "latin1"), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, Crc.crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/** Inserts bytes just before IEND (the last 12 bytes of a well-formed PNG). */
const beforeIend = (png: Uint8Array, bytes: Uint8Array) => new Uint8Array([...png.subarray(0, png.length - 12), ...bytes, ...png.subarray(png.length - 12)]);

const PARAMS: ResultParams = {
  strength: 0.6,
  preset: "lite",
  size: 512,
  iterations: 60,
  preserveColors: false,
  styleScale: 1,
  styleWeights: [1, 0.5],
  seed: 7,
  contentName: "Café — photo",
  styleNames: ["The Starry Night", "ink"],
  workingSize: 512,
  backend: "webgl",
  warmStart: false,
};

describe("PNG tEXt chunks", () => {
  it("writes a chunk before IEND that pngjs accepts, with the same pixels, and reads it back", () => {
    const text = JSON.stringify({ a: 1, s: "x y" });
    const out = withTextChunk(ORIGINAL, "restyle", text);
    expect(chunkTypes(out).slice(-2)).toEqual(["tEXt", "IEND"]);
    expect(out.length).toBe(ORIGINAL.length + 12 + "restyle".length + 1 + text.length);
    const a = PNG.sync.read(Buffer.from(ORIGINAL));
    const b = PNG.sync.read(Buffer.from(out)); // throws on a bad CRC or a misplaced chunk
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(Buffer.compare(a.data, b.data)).toBe(0);
    expect(readTextChunk(out, "restyle")).toBe(text);
    expect(readTextChunk(out, "other")).toBeNull();
  });

  it("replaces an earlier chunk of the same keyword and keeps other keywords", () => {
    const once = withTextChunk(withTextChunk(ORIGINAL, "Comment", "hello"), "restyle", "one");
    const twice = withTextChunk(once, "restyle", "two");
    expect(chunkTypes(twice).filter((t) => t === "tEXt").length).toBe(2);
    expect(readTextChunk(twice, "restyle")).toBe("two");
    expect(readTextChunk(twice, "Comment")).toBe("hello");
    PNG.sync.read(Buffer.from(twice));
  });

  it("ignores a damaged, oversized, truncated or absent chunk without throwing", () => {
    expect(readTextChunk(ORIGINAL, "restyle")).toBeNull();
    expect(readTextChunk(new Uint8Array([1, 2, 3]), "restyle")).toBeNull();

    const good = withTextChunk(ORIGINAL, "restyle", "intact");
    const damaged = good.slice();
    damaged[damaged.length - 12 - 4 - 2] ^= 0xff; // a text byte: the CRC no longer matches
    expect(readTextChunk(damaged, "restyle")).toBeNull();

    const huge = chunk("tEXt", new Uint8Array([...Buffer.from("restyle\0"), ...new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61)]));
    expect(readTextChunk(beforeIend(ORIGINAL, huge), "restyle")).toBeNull();

    // A length field that runs past the end of the file (a cut-off download).
    const cut = good.subarray(0, good.length - 20);
    expect(readTextChunk(cut, "restyle")).toBeNull();
    expect(() => withTextChunk(cut, "restyle", "x")).toThrow(/IEND/);

    // A keyword without its separator, then an intact chunk: the intact one is found.
    const noNul = chunk("tEXt", Buffer.from("restyle"));
    expect(readTextChunk(beforeIend(good, noNul), "restyle")).toBe("intact");
  });

  it("refuses what tEXt cannot hold", () => {
    expect(() => withTextChunk(ORIGINAL, "restyle", "€")).toThrow(/Latin-1/);
    expect(() => withTextChunk(ORIGINAL, "", "x")).toThrow(/keyword/);
    expect(() => withTextChunk(ORIGINAL, " lead", "x")).toThrow(/keyword/);
    expect(() => withTextChunk(ORIGINAL, "restyle", "a".repeat(MAX_TEXT_BYTES + 1))).toThrow(/longer/);
    expect(() => withTextChunk(new Uint8Array(64), "restyle", "x")).toThrow(/not a PNG/);
  });
});

describe("result record in a PNG", () => {
  it("round-trips the parameters and style ids, non-ASCII names included, as ASCII text", () => {
    const out = withResultRecipe(ORIGINAL, { ...PARAMS }, ["gallery:starry-night", "file-3"]);
    const text = readTextChunk(out, RESULT_KEYWORD)!;
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(readResultRecipe(out)).toEqual({ params: PARAMS, styleIds: ["gallery:starry-night", "file-3"] });
    expect(Buffer.compare(PNG.sync.read(Buffer.from(out)).data, PNG.sync.read(Buffer.from(ORIGINAL)).data)).toBe(0);
  });

  it("ignores a record it cannot read whole", () => {
    expect(readResultRecipe(ORIGINAL)).toBeNull();
    expect(readResultRecipe(withTextChunk(ORIGINAL, RESULT_KEYWORD, "{not json"))).toBeNull();
    const { seed: _seed, ...noSeed } = PARAMS;
    expect(readResultRecipe(withResultRecipe(ORIGINAL, noSeed, ["a", "b"]))).toBeNull();
    expect(readResultRecipe(withTextChunk(ORIGINAL, RESULT_KEYWORD, JSON.stringify([{ ...PARAMS, contentName: "x" }])))).toBeNull();
    // Style ids that do not match the styles: the parameters still count, the ids are unknown.
    expect(readResultRecipe(withResultRecipe(ORIGINAL, { ...PARAMS }, ["only-one"]))?.styleIds).toEqual(["", ""]);
  });
});

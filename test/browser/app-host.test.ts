/**
 * The standalone host in Chromium without the panel or a run: a PNG that needs no scaling and no
 * colour conversion is exported as the file's own bytes (decoded once, by the run), any other is
 * drawn and encoded at the size asked; a batch is shown all or none; Download saves each result
 * with its record; an update keeps the result's id.
 */
import Crc from "pngjs/lib/crc";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTextChunk } from "../../src/kit/png-text";
import type { ResultParams } from "../../src/shared/result-params";
import { withResultRecipe } from "../../src/shared/result-png";
import { openEntryPage, type EntryPage } from "../helpers/entry-page";
import { IMAGES } from "../helpers/paths";
import type { HostReport } from "./app-host-entry";

let site: EntryPage;

beforeAll(async () => {
  site = await openEntryPage("test/browser/app-host-entry.ts");
});

afterAll(async () => {
  await site?.close();
});

/** A gAMA chunk (gamma 1/2.2) put before IDAT makes the browser convert colours: such a file is re-encoded. */
function withGamma(png: Buffer): Buffer {
  const chunk = Buffer.alloc(16);
  chunk.writeUInt32BE(4, 0);
  chunk.write("gAMA", 4, "latin1");
  chunk.writeUInt32BE(45455, 8);
  chunk.writeUInt32BE(Crc.crc32(chunk.subarray(4, 12)) >>> 0, 12);
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]); // right after IHDR (8 + 25 bytes)
}

describe("standalone host", () => {
  it("hands over a plain PNG as it is, re-encodes the rest, and places batches all or none", async () => {
    const plain = readFileSync(join(IMAGES, "fixture_content_64x64.png"));
    const gamma = withGamma(plain);
    const recorded = Buffer.from(withTextChunk(new Uint8Array(plain), "Comment", "kept as it is"));
    const jpeg = readFileSync(join(IMAGES, "content_chelsea.jpg"));
    const page = await site.browser.context.newPage();
    await page.goto(site.url);
    const files = [
      { name: "plain.png", type: "image/png", b64: plain.toString("base64") },
      { name: "gamma.png", type: "image/png", b64: gamma.toString("base64") },
      { name: "text.png", type: "image/png", b64: recorded.toString("base64") },
      { name: "photo.jpg", type: "image/jpeg", b64: jpeg.toString("base64") },
    ];
    const r: HostReport = await page.evaluate(([f, side]) => window.hostCheck(f, side), [files, 64] as const);
    expect(r.exports).toEqual([
      { name: "plain", sameBytes: true, width: 64, height: 64 },
      { name: "gamma", sameBytes: false, width: 64, height: 64 },
      { name: "text", sameBytes: true, width: 64, height: 64 },
      { name: "photo", sameBytes: false, width: 64, height: 43 },
    ]);
    // Scaling down always draws: the plain PNG at half its size.
    const half: HostReport = await page.evaluate(([f, side]) => window.hostCheck(f, side), [files.slice(0, 2), 32] as const);
    expect(half.exports[0]).toEqual({ name: "plain", sameBytes: false, width: 32, height: 32 });

    expect(r.badBatch.error).toMatch(/not a PNG/);
    expect(r.badBatch.shown).toBe(0);
    expect(r.batch.shown).toEqual(["one / a", "two"]);
    expect(r.batch.saved).toEqual(["one _ a.png", "two.png"]);
    expect(r.batch.savedHasRecord).toEqual([true, true]);
    expect(r.updateId).toBe(r.batch.ids[0]);
    await page.close();
  });

  it("recalls a dropped result's parameters, with its built-in painting present and its style file missing until loaded", async () => {
    const plain = readFileSync(join(IMAGES, "fixture_content_64x64.png"));
    const params: ResultParams = {
      strength: 0.7,
      preset: "lite",
      size: 256,
      iterations: 40,
      preserveColors: false,
      styleScale: 1,
      styleWeights: [1, 2],
      seed: 9,
      contentName: "photo",
      styleNames: ["The Starry Night", "ink"],
    };
    const made = Buffer.from(withResultRecipe(new Uint8Array(plain), { ...params }, ["gallery:starry-night", "file-7"]));
    const page = await site.browser.context.newPage();
    await page.goto(site.url);
    const r = await page.evaluate(([a, b]) => window.recallCheck(a, b), [
      made.toString("base64"),
      readFileSync(join(IMAGES, "fixture_style_32x48.png")).toString("base64"),
    ] as const);
    expect(r.before).toMatchObject({
      contentId: "file-1",
      resultId: "file-1",
      styleIds: ["gallery:starry-night"],
      problem: null,
      recall: { params, mode: "layer", contentGone: false, goneStyles: [1] },
    });
    expect(r.after).toMatchObject({
      resultId: "file-1",
      styleIds: ["gallery:starry-night", r.styleId],
      recall: { params, contentGone: false, goneStyles: [] },
    });
    await page.close();
  });

  it("a dropped PNG whose record lists a built-in style 2,000 times is one plain picture, and says why", async () => {
    const plain = readFileSync(join(IMAGES, "fixture_content_64x64.png"));
    const n = 2000;
    const params = {
      strength: 0.7,
      preset: "lite",
      size: 256,
      iterations: 40,
      preserveColors: false,
      styleScale: 1,
      styleWeights: Array(n).fill(1),
      seed: 9,
      contentName: "photo",
      styleNames: Array(n).fill("S"),
    };
    const many = Buffer.from(withResultRecipe(new Uint8Array(plain), params, Array(n).fill("gallery:starry-night")));
    const page = await site.browser.context.newPage();
    await page.goto(site.url);
    const r = await page.evaluate((b64) => window.refusedCheck(b64), many.toString("base64"));
    expect(r.problems).toEqual(["“many.png” is a result whose record lists 2000 styles, more than the 4 Restyle uses, so it is treated as a plain layer."]);
    expect(r.choice.layers).toHaveLength(1);
    expect(r.choice.styleIds).toEqual([]);
    expect(r.choice.resultId).toBeUndefined();
    expect(r.choice.recall).toBeUndefined();
    await page.close();
  });
});

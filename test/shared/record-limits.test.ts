/**
 * Every limit holds from every source: a recalled record (a PNG's tEXt record, Figma pluginData,
 * a Photopea result's name) is held to the same MAX_STYLE_LAYERS as the panel's controls, by the
 * one check (recordedStylesProblem), and what it names is bounded. Each case is a record that
 * got past the controls; it must give at most MAX_STYLE_LAYERS rows, or none, and say why.
 */
import { describe, expect, it, vi } from "vitest";
import { MAX_NAME_CHARS } from "../../src/engine/defaults";
import { galleryId, MAX_STYLE_LAYERS, recordedStylesProblem } from "../../src/shared/layers";
import { parseResultParams, type ResultParams } from "../../src/shared/result-params";
import { readResultRecipe, refusedRecordReason, withResultRecipe } from "../../src/shared/result-png";
import { FILL_KEY, RESULT_KEY } from "../../src/plugin/plugin-data";
import { resolveSelection } from "../../src/plugin/resolve-selection";
import { choiceFromListing, parseListing, type PpListing } from "../../src/ui/hosts/photopea-listing";
import { solidPng } from "../emulation/figma/nodes";
import { freshFigma, resultParams } from "../plugin/setup";

const STARRY = galleryId("starry-night");
const times = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);
const withStyles = (n: number, name = "The Starry Night"): ResultParams => resultParams({ styleNames: times(n, name), styleWeights: times(n, 1) });

describe("the one check", () => {
  it("allows up to MAX_STYLE_LAYERS and names the count past it", () => {
    expect(MAX_STYLE_LAYERS).toBe(4);
    expect(recordedStylesProblem(4)).toBeNull();
    expect(recordedStylesProblem(5)).toBe("is a result whose record lists 5 styles, more than the 4 Restyle uses, so it is treated as a plain layer");
  });
});

describe("record parameters (every source reads them with parseResultParams)", () => {
  const cases: Array<[string, Record<string, unknown>, ((p: ResultParams) => void) | null]> = [
    ["4 styles: read", { ...withStyles(4) }, (p) => expect(p.styleNames).toHaveLength(4)],
    ["5 style names: refused", { ...withStyles(4), styleNames: times(5, "x") }, null],
    ["5 style weights: refused", { ...withStyles(4), styleWeights: times(5, 1) }, null],
    ["2,000 style names: refused", { ...withStyles(2000) }, null],
    [
      "a content name of 10,000 characters: cut",
      resultParams({ contentName: "n".repeat(10_000) }),
      (p) => expect(p.contentName).toBe("n".repeat(MAX_NAME_CHARS - 1) + "…"),
    ],
    [
      "a style name with terminal escapes: cleaned",
      resultParams({ styleNames: ["\u001b]0;pwned\u0007Starry"] }),
      (p) => expect(p.styleNames).toEqual([" ]0;pwned Starry"]),
    ],
    ["a backend name of 10,000 characters: cut", resultParams({ backend: "w".repeat(10_000) }), (p) => expect(p.backend).toHaveLength(MAX_NAME_CHARS)],
  ];
  it.each(cases)("%s", (_name, raw, check) => {
    const p = parseResultParams(raw);
    if (check === null) expect(p).toBeNull();
    else {
      expect(p).not.toBeNull();
      check(p!);
    }
  });
});

describe("a PNG's record", () => {
  const png = solidPng(4, 4);
  it.each([
    ["one built-in style 2,000 times", 2000],
    ["five styles", 5],
  ])("%s: no record, so one picture and no 2,001 rows", (_name, n) => {
    const out = withResultRecipe(png, { ...withStyles(n, "S") }, times(n, STARRY)); // short names: the record fits a tEXt chunk
    expect(readResultRecipe(out)).toBeNull();
    expect(refusedRecordReason(out)).toBe(`is a result whose record lists ${n} styles, more than the 4 Restyle uses, so it is treated as a plain layer`);
  });
  it("four styles: read whole", () => {
    const out = withResultRecipe(png, { ...withStyles(4) }, times(4, STARRY));
    expect(readResultRecipe(out)?.styleIds).toEqual(times(4, STARRY));
    expect(refusedRecordReason(out)).toBeNull();
  });
});

describe("Figma pluginData", () => {
  const cases: Array<[string, string, (ids: { content: string; hash: string }) => Record<string, unknown>]> = [
    [
      "a result layer listing 2,000 styles",
      RESULT_KEY,
      ({ content }) => ({ version: 1, contentId: content, styleIds: times(2000, STARRY), params: { ...withStyles(4) } }),
    ],
    [
      "a result layer listing 5 style layers",
      RESULT_KEY,
      ({ content }) => ({ version: 1, contentId: content, styleIds: times(5, content), params: { ...withStyles(4) } }),
    ],
    [
      "a fill listing 5 styles",
      FILL_KEY,
      ({ content, hash }) => ({ version: 1, contentId: content, styleIds: times(5, STARRY), params: { ...withStyles(4) }, imageHash: hash }),
    ],
  ];
  it.each(cases)("%s: a plain layer, with a note saying why, and no look-ups", async (_name, key, record) => {
    const emu = freshFigma();
    const content = emu.add("RECTANGLE", "Photo");
    const hash = emu.figma.createImage(solidPng(4, 4)).hash;
    const result = emu.add("RECTANGLE", "Photo · Starry", { fills: key === FILL_KEY ? [{ type: "IMAGE", imageHash: hash, scaleMode: "FILL" }] : undefined });
    result.setPluginData(key, JSON.stringify(record({ content: content.id, hash })));
    const lookups = vi.spyOn(emu.figma, "getNodeByIdAsync");
    const choice = await resolveSelection([result as unknown as SceneNode]);
    expect(choice.resultId).toBeUndefined();
    expect(choice.recall).toBeUndefined();
    expect(choice.layers.map((l) => l.id)).toEqual([result.id]);
    expect(choice.styleIds.length).toBeLessThanOrEqual(MAX_STYLE_LAYERS);
    expect(choice.note).toMatch(
      /^“Photo · Starry” is a result whose record lists \d+ styles, more than the 4 Restyle uses, so it is treated as a plain layer\.$/,
    );
    expect(lookups).not.toHaveBeenCalled();
  });

  it("a record within the limits is still recalled (the check is not blanket)", async () => {
    const emu = freshFigma();
    const content = emu.add("RECTANGLE", "Photo");
    const result = emu.add("RECTANGLE", "Photo · Starry");
    result.setPluginData(RESULT_KEY, JSON.stringify({ version: 1, contentId: content.id, styleIds: times(4, STARRY), params: { ...withStyles(4) } }));
    const choice = await resolveSelection([result as unknown as SceneNode]);
    expect(choice).toMatchObject({ resultId: result.id, contentId: content.id, styleIds: times(4, STARRY) });
  });
});

describe("a Photopea layer named like a result", () => {
  const layer = (name: string, path: number[], active = false) => ({ path, name, kind: "pixel", bounds: [0, 0, 10, 10], visible: true, active });
  const listing = (active: string) =>
    parseListing({
      document: { name: "d.psd", width: 100, height: 80 },
      layers: [layer(active, [0], true), layer("Photo", [1]), layer("Paint", [2])],
    }) as PpListing;
  it.each([
    ["8 styles", 8],
    ["5 styles", 5],
    ["2,000 styles", 2000],
  ])("with %s: not an earlier result, so at most one style row, and a note saying why", (_name, n) => {
    const name = `Photo · ${times(n, "Paint").join(" + ")}`;
    const c = choiceFromListing(listing(name));
    expect(c.resultId).toBeUndefined();
    expect(c.styleIds).toHaveLength(1);
    expect(c.note).toMatch(new RegExp(`record lists ${n} styles, more than the 4 Restyle uses`));
  });
  it("with 4 styles: an earlier result, its 4 styles offered again", () => {
    const c = choiceFromListing(listing(`Photo · ${times(4, "Paint").join(" + ")}`));
    expect(c).toMatchObject({ resultId: "0", contentId: "1", styleIds: times(4, "2") });
  });
});

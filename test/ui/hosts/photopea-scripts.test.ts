import { describe, expect, it } from "vitest";
import { choiceFromListing, parseListing, type PpListing } from "../../../src/ui/hosts/photopea-listing";
import { allowedOrigins, PHOTOPEA_ORIGINS } from "../../../src/ui/hosts/photopea-origin";
import {
  exportLayerScript,
  idToPath,
  listLayersScript,
  pathToId,
  placeFinishScript,
  placeOpenScript,
  wrapScript,
  type PlaceTarget,
} from "../../../src/ui/hosts/photopea-scripts";

const layer = (name: string, kind: string, path: number[], bounds = [0, 0, 10, 10], active = false) => ({ path, name, kind, bounds, visible: true, active });
const SCRATCH = "Restyle scratch abc123";
const TARGET: PlaceTarget = {
  scratch: SCRATCH,
  expectCount: 2,
  documentName: "d.psd",
  contentPath: [1],
  contentName: "c",
  bounds: [0, 0, 4, 4],
  name: "r",
  rasterize: false,
};
const listing = (layers: unknown[], doc: unknown = { name: "d.psd", width: 100, height: 80 }) => parseListing({ document: doc, layers }) as PpListing;

describe("script generation", () => {
  it("wraps bodies in begin/data/error/end markers tagged with the nonce", () => {
    const s = wrapScript("abc123", "out(1);");
    expect(s).toContain('"restyle:abc123:"');
    expect(s.indexOf('P+"begin"')).toBeLessThan(s.indexOf("out(1);"));
    expect(s.indexOf("out(1);")).toBeLessThan(s.indexOf('P+"end"'));
    expect(() => wrapScript("bad nonce", "")).toThrow();
  });

  it("embeds layer names as JSON literals, so quotes and script-breaking text stay data", () => {
    const evil = 'a"); app.documents[0].close(); ("\n</script>';
    const s = exportLayerScript("n1", [0, 2], evil, 512);
    expect(s).toContain(JSON.stringify(evil));
    expect(s).not.toContain('a"); app.documents[0].close()');
    // It parses as JavaScript (never run here).
    expect(() => new Function(s)).not.toThrow();
  });

  it("refuses malformed paths, sizes and data URIs", () => {
    expect(() => exportLayerScript("n", [], "x", 10)).toThrow();
    expect(() => exportLayerScript("n", [-1], "x", 10)).toThrow();
    expect(() => exportLayerScript("n", [0], "x", -5)).toThrow();
    expect(() => placeOpenScript("n", [0], "x", "data:text/html;base64,AAAA", SCRATCH)).toThrow();
    expect(() => placeOpenScript("n", [0], "x", 'data:image/png;base64,AA");alert(1);("', SCRATCH)).toThrow();
    expect(() => placeOpenScript("n", [0], "x", "data:image/png;base64,AAAA", 'x");app.documents[0].close();("')).toThrow();
    expect(() => placeFinishScript("n", { ...TARGET, bounds: [5, 5, 5, 9] })).toThrow();
    expect(() => placeFinishScript("n", { ...TARGET, scratch: "My document" })).toThrow();
  });

  it("every script is valid ES5-era syntax (no arrow functions, let or const)", () => {
    for (const s of [
      listLayersScript("a"),
      exportLayerScript("a", [1], "x", 9),
      placeFinishScript("a", TARGET),
      placeOpenScript("a", [0], "c", "data:image/png;base64,AAAA", SCRATCH),
    ]) {
      expect(s).not.toMatch(/=>|\blet\b|\bconst\b|`/);
      expect(() => new Function(s)).not.toThrow();
    }
  });

  it("round-trips layer ids and rejects foreign ones", () => {
    expect(idToPath(pathToId([3, 0, 12]))).toEqual([3, 0, 12]);
    for (const bad of ["", "a", "1//2", "-1", "1/2/", "file:1"]) expect(idToPath(bad)).toBeNull();
  });
});

describe("listing validation and default roles", () => {
  it("rejects replies of the wrong shape", () => {
    expect(parseListing(null)).toBeNull();
    expect(parseListing("x")).toBeNull();
    expect(parseListing({ document: null })).toBeNull();
    expect(parseListing({ document: null, layers: [{ path: [0], name: "a", kind: "pixel", bounds: [0, 0, 1], visible: true, active: false }] })).toBeNull();
    expect(parseListing({ document: null, layers: [{ path: [0], name: "a", kind: "weird", bounds: [0, 0, 1, 1], visible: true, active: false }] })).toBeNull();
    expect(parseListing({ document: { name: "d", width: "10", height: 5 }, layers: [] })).toBeNull();
    expect(parseListing({ document: null, layers: [] })).toEqual({ document: null, layers: [] });
  });

  it("content = the active layer, style = the usable layer below it", () => {
    const c = choiceFromListing(listing([layer("top", "pixel", [0]), layer("mid", "pixel", [1], undefined, true), layer("bottom", "smart", [2])]));
    expect(c.problem).toBeNull();
    expect(c.contentId).toBe("1");
    expect(c.styleIds).toEqual(["2"]);
  });

  it("style = the layer above when the active one is the bottom; text, groups and adjustments are skipped", () => {
    const c = choiceFromListing(
      listing([
        layer("title", "text", [0]),
        layer("g", "group", [1]),
        layer("in group", "pixel", [1, 0]),
        layer("curves", "adjustment", [2]),
        layer("photo", "pixel", [3], undefined, true),
      ]),
    );
    expect(c.layers.map((l) => l.name)).toEqual(["in group", "photo"]);
    expect(c.contentId).toBe("3");
    expect(c.styleIds).toEqual(["1/0"]);
  });

  it("an active earlier result offers its own sources again, to be replaced", () => {
    const c = choiceFromListing(listing([layer("Photo · Paint", "pixel", [0], undefined, true), layer("Photo", "pixel", [1]), layer("Paint", "pixel", [2])]));
    expect(c).toMatchObject({ contentId: "1", styleIds: ["2"], resultId: "0", problem: null });
    expect(c.layers.map((l) => l.name)).toEqual(["Photo", "Paint"]);
    // A name that merely looks like a result, without its sources, is an ordinary layer.
    const d = choiceFromListing(listing([layer("A · B", "pixel", [0], undefined, true), layer("C", "pixel", [1])]));
    expect(d).toMatchObject({ contentId: "0", styleIds: ["1"] });
    expect(d.resultId).toBeUndefined();
  });

  it("skips the document background and plain layers for the style; prefers the nearest textured layer, and says so", () => {
    // A style layer above the active content and a plain white Background below it.
    const doc = listing([layer("Paint", "pixel", [0]), layer("Photo", "pixel", [1], undefined, true), layer("Background", "pixel", [2])]);
    expect(doc.layers[2].background).toBe(true); // the bottom "Background" is the document background
    const c = choiceFromListing(doc, (l) => l.name === "Background");
    expect(c).toMatchObject({ contentId: "1", styleIds: ["0"], problem: null });
    expect(c.note).toBe("Default style: “Paint”, the nearest layer with texture above “Photo”; skipped “Background” (the document background).");
    // Even unjudged, the background is never the default while another layer exists.
    expect(choiceFromListing(doc).styleIds).toEqual(["0"]);
    // A plain layer just below is skipped for a textured one further down.
    const plainBelow = listing([layer("Photo", "pixel", [0], undefined, true), layer("White", "pixel", [1]), layer("Canvas", "pixel", [2])]);
    const p = choiceFromListing(plainBelow, (l) => l.name === "White");
    expect(p.styleIds).toEqual(["2"]);
    expect(p.note).toMatch(/“Canvas”, the nearest layer with texture below “Photo”; skipped “White” \(a plain colour\)/);
    // Only plain layers: the nearest one, with a warning.
    const allPlain = choiceFromListing(plainBelow, (l) => l.name !== "Photo");
    expect(allPlain.styleIds).toEqual(["1"]);
    expect(allPlain.note).toMatch(/though it is a plain colour/);
    // Only the background besides the content: it is offered, said to be the background.
    const bg = choiceFromListing(listing([layer("Photo", "pixel", [0], undefined, true), { ...layer("Back", "pixel", [1]), background: true }]));
    expect(bg.styleIds).toEqual(["1"]);
    expect(bg.note).toMatch(/though it is the document background/);
  });

  it("explains each bad document", () => {
    expect(choiceFromListing({ document: null, layers: [] }).problem).toMatch(/Open a document/);
    // One layer: the content, with a built-in painting for the style.
    expect(choiceFromListing(listing([layer("only", "pixel", [0])]))).toMatchObject({
      contentId: "0",
      styleIds: [],
      problem: null,
      note: expect.stringMatching(/only one usable layer: pick a built-in painting/),
    });
    const t = choiceFromListing(listing([layer("only", "pixel", [0]), layer("Hello", "text", [1])])).note;
    expect(t).toMatch(/“Hello” is a text layer/);
    expect(choiceFromListing(listing([layer("Hello", "text", [0])])).problem).toMatch(/no usable layer.*“Hello” is a text layer/);
    expect(choiceFromListing(listing([layer("a", "pixel", [0]), layer("blank", "pixel", [1], [0, 0, 0, 0])])).note).toMatch(/“blank” is empty/);
    expect(choiceFromListing(listing([layer("a", "pixel", [0]), layer("b", "pixel", [1])], { name: "big", width: 20000, height: 100 })).problem).toMatch(
      /too large \(20000×100/,
    );
  });
});

describe("trusted origins", () => {
  it("trusts Photopea only, unless a loopback page names a loopback parent", () => {
    expect(allowedOrigins("https://restyle.example/photopea/")).toEqual(PHOTOPEA_ORIGINS);
    expect(allowedOrigins("https://restyle.example/photopea/?origin=http://127.0.0.1:9")).toEqual(PHOTOPEA_ORIGINS);
    expect(allowedOrigins("http://127.0.0.1:5000/?origin=https://evil.example")).toEqual(PHOTOPEA_ORIGINS);
    expect(allowedOrigins("http://127.0.0.1:5000/?origin=http://127.0.0.1:6000")).toEqual(["http://127.0.0.1:6000"]);
    expect(allowedOrigins("not a url")).toEqual(PHOTOPEA_ORIGINS);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import type { LayerChoice } from "../../../src/shared/layers";
import type { ResultParams } from "../../../src/shared/result-params";
import { PhotopeaHost } from "../../../src/ui/hosts/photopea";
import { LayerKind, solid, type LayerSpec, type Rgba } from "../../emulation/photopea/fake-photopea";
import { connect, decodePng, encodePng, type Bridge } from "../../emulation/photopea/node-bridge";

const RED: [number, number, number, number] = [220, 30, 30, 255];
const BLUE: [number, number, number, number] = [20, 40, 200, 255];

/** A 64×48 document: "photo" (red, 30×20 at 10,8) above "paint" (blue, 16×16 at 40,20, 2 px transparent margin). */
function standardLayers(): LayerSpec[] {
  return [
    { name: "photo", x: 10, y: 8, image: solid(30, 20, RED) },
    { name: "paint", x: 40, y: 20, image: solid(20, 20, BLUE, 2) },
  ];
}

let bridge: Bridge | null = null;
let host: PhotopeaHost | null = null;
afterEach(() => {
  bridge?.channel.close();
  bridge = null;
  host = null;
});

function start(layers: LayerSpec[] | null, opts: { active?: string; placeDelayMs?: number; timeoutMs?: number; listTimeoutMs?: number } = {}) {
  bridge = connect({ placeDelayMs: opts.placeDelayMs, timeoutMs: opts.timeoutMs });
  if (layers) bridge.fake.openDocument("doc.psd", 64, 48, layers, opts.active);
  host = new PhotopeaHost({
    channel: bridge.channel,
    inFrame: true,
    pollMs: 0,
    placeTimeoutMs: 1500,
    exportTimeoutMs: 2000,
    listTimeoutMs: opts.listTimeoutMs,
  });
  return { fake: bridge.fake, host, doc: bridge.fake.app.documents[0] };
}

function firstChoice(h: PhotopeaHost): Promise<LayerChoice> {
  return new Promise((resolve) => {
    const off = h.watchLayers((c) => {
      off();
      resolve(c);
    });
  });
}

function pixel(img: Rgba, x: number, y: number): number[] {
  return Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
}

describe("PhotopeaHost against the fake Photopea", () => {
  it("lists the usable layers with sizes; content = active, style = the one below", async () => {
    const { host: h } = start(standardLayers(), { active: "photo" });
    const c = await firstChoice(h);
    expect(c.problem).toBeNull();
    expect(c.layers).toEqual([
      { id: "0", name: "photo", width: 30, height: 20 },
      { id: "1", name: "paint", width: 16, height: 16 },
    ]);
    expect(c.contentId).toBe("0");
    expect(c.styleIds).toEqual(["1"]);
  });

  it("default style: the textured layer above, not the plain white Background below; previews judged once", async () => {
    const noise = solid(24, 24, [0, 0, 0, 255]);
    for (let i = 0; i < noise.data.length; i += 4) noise.data.fill((i * 7919) % 251, i, i + 3);
    bridge = connect();
    const doc = bridge.fake.openDocument(
      "poster.psd",
      64,
      48,
      [
        { name: "Paint", x: 30, y: 10, image: noise },
        { name: "photo", x: 10, y: 8, image: solid(30, 20, RED) },
        { name: "White", image: solid(64, 48, [255, 255, 255, 255]) },
        { name: "Background", image: solid(64, 48, [255, 255, 255, 255]), background: true },
      ],
      "photo",
    );
    const h = new PhotopeaHost({ channel: bridge.channel, inFrame: true, pollMs: 0, decode: async (png) => decodePng(png) });
    const c = await firstChoice(h);
    expect(c).toMatchObject({ contentId: "1", styleIds: ["0"], problem: null });
    expect(c.note).toBe("Default style: “Paint”, the nearest layer with texture above “photo”; skipped “White” (a plain colour).");
    const closed = bridge.fake.app.closedDocuments;
    expect(closed).toBe(2); // previews of "White" (plain) and "Paint" (textured); the Background needs none
    await h.refresh();
    expect(bridge.fake.app.closedDocuments).toBe(closed); // unchanged layers are not judged again
    expect(doc.history).toEqual(["Open"]);
    expect(bridge.fake.app.unsupported).toEqual([]);
  });

  it("exports one layer cropped to its bounds, capped at maxSide, leaving no History, document or state behind", async () => {
    const { host: h, fake, doc } = start(standardLayers());
    const other = fake.openDocument("other.psd", 10, 10, [{ name: "x", image: solid(10, 10, RED) }]);
    fake.app.activeDocument = doc; // the user works in doc.psd, with a second document open
    await firstChoice(h);
    const historyBefore = [...doc.history];
    const png = decodePng(await h.exportLayer("1", 512));
    expect([png.width, png.height]).toEqual([16, 16]);
    expect(pixel(png, 0, 0)).toEqual(BLUE); // the transparent margin was cropped away
    const small = decodePng(await h.exportLayer("0", 15));
    expect([small.width, small.height]).toEqual([15, 10]);
    expect(pixel(small, 7, 5)).toEqual(RED);
    expect(doc.history).toEqual(historyBefore);
    expect(fake.app.documents.map((d) => d.name)).toEqual([doc.name, other.name]);
    expect(fake.app.activeDocument).toBe(doc);
    expect(fake.app.closedDocuments).toBe(2);
  });

  it("exports a hidden layer's pixels, and refuses a layer renamed since the listing", async () => {
    const layers = standardLayers();
    layers[1].visible = false;
    const { host: h, doc } = start(layers);
    await firstChoice(h);
    const png = decodePng(await h.exportLayer("1", 64));
    expect(pixel(png, 3, 3)).toEqual(BLUE);
    doc.layers[1].name = "renamed";
    await expect(h.exportLayer("1", 64)).rejects.toThrow(/moved or was renamed/);
  });

  it("places the result above the content, on its bounds, named, as one History step, even though done comes before the layer", async () => {
    const { host: h, fake, doc } = start(standardLayers(), { placeDelayMs: 200 });
    await firstChoice(h);
    const before = doc.history.length;
    const result = solid(60, 40, [0, 200, 0, 255]); // twice the content's size: scaled onto its bounds
    const id = await h.placeResult({ contentId: "0", styleIds: ["1"], png: encodePng(result), width: 60, height: 40, name: "photo · paint", params: {} });
    expect(id).toBe("0");
    const s = fake.state().documents[0];
    expect(s.layers.map((l) => l.name)).toEqual(["photo · paint", "photo", "paint"]);
    expect(s.layers[0].bounds).toEqual([10, 8, 40, 28]);
    expect(s.layers[0].kind).toBe(LayerKind.SMARTOBJECT); // kept as placed
    // The Place, the transform and the naming happened in the scratch document, which is closed.
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer"]);
    expect(fake.app.documents.map((d) => d.name)).toEqual(["doc.psd"]);
    expect(fake.app.activeDocument).toBe(doc);
    expect(doc.activeLayer?.name).toBe("photo · paint");
    expect(fake.app.unsupported).toEqual([]); // no script probed an ArtLayer for `layers`
  });

  it("rasterises only when asked, still in one step; a 300 ppi document gets the same bounds", async () => {
    bridge = connect();
    const doc = bridge.fake.openDocument("print.psd", 64, 48, standardLayers(), "photo", 300);
    const h = new PhotopeaHost({ channel: bridge.channel, inFrame: true, pollMs: 0, placeTimeoutMs: 1500, rasterize: true });
    await firstChoice(h);
    const before = doc.history.length;
    await h.placeResult({ contentId: "0", styleIds: ["1"], png: encodePng(solid(15, 10, BLUE)), width: 15, height: 10, name: "photo · paint", params: {} });
    const placed = bridge.fake.state().documents[0].layers[0];
    expect(placed).toMatchObject({ name: "photo · paint", kind: LayerKind.NORMAL, bounds: [10, 8, 40, 28] });
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer"]);
  });

  it("a strength update replaces the earlier result in two steps (copy in, earlier one out)", async () => {
    const { host: h, fake, doc } = start(standardLayers());
    await firstChoice(h);
    const req = { contentId: "0", styleIds: ["1"], png: encodePng(solid(30, 20, BLUE)), width: 30, height: 20, name: "photo · paint", params: {} };
    const first = await h.placeResult(req);
    const again = await h.refresh();
    expect(again).toMatchObject({ resultId: first, contentId: "1", styleIds: ["2"] }); // the result is active: offered for update
    const before = doc.history.length;
    const second = await h.placeResult({
      ...req,
      contentId: again.contentId!,
      styleIds: again.styleIds,
      png: encodePng(solid(30, 20, RED)),
      replaceId: again.resultId,
    });
    expect(second).toBe("0");
    expect(fake.state().documents[0].layers.map((l) => l.name)).toEqual(["photo · paint", "photo", "paint"]);
    expect(pixel(doc.layers[0].img!, 5, 5)).toEqual(RED);
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer", "Delete Layer"]);
    expect(fake.app.unsupported).toEqual([]);
  });

  it("while a result is being placed (the scratch document active), refreshes keep the user's layers", async () => {
    const { host: h, fake } = start(standardLayers(), { placeDelayMs: 300 });
    const seen: LayerChoice[] = [];
    h.watchLayers((c) => seen.push(c));
    await h.refresh();
    const placing = h.placeResult({
      contentId: "0",
      styleIds: ["1"],
      png: encodePng(solid(30, 20, BLUE)),
      width: 30,
      height: 20,
      name: "photo · paint",
      params: {},
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.app.activeDocument?.name).toMatch(/^Restyle scratch /);
    const during = await h.refresh();
    expect(during.layers.map((l) => l.name)).toEqual(["photo", "paint"]);
    await placing;
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.every((c) => c.problem === null)).toBe(true);
    expect(seen.at(-1)?.resultId).toBe("0"); // the new result, active, is offered for update
  });

  it("inside a group: the copy lands right above the content, in the group", async () => {
    const { host: h, fake, doc } = start([{ name: "Folder", kind: "GROUP", children: standardLayers() }]);
    const c = await firstChoice(h);
    expect(c.layers.map((l) => l.id)).toEqual(["0/0", "0/1"]);
    const before = doc.history.length;
    const id = await h.placeResult({
      contentId: "0/0",
      styleIds: ["0/1"],
      png: encodePng(solid(30, 20, BLUE)),
      width: 30,
      height: 20,
      name: "photo · paint",
      params: {},
    });
    expect(id).toBe("0/0");
    expect(fake.state().documents[0].layers.map((l) => l.name)).toEqual(["Folder", "photo · paint", "photo", "paint"]);
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer"]);
    expect(fake.app.unsupported).toEqual([]);
  });

  it("where duplicating next to another document's layer fails, the copy goes to the top and is moved: two steps", async () => {
    const { host: h, fake, doc } = start([{ name: "top", image: solid(8, 8, BLUE) }, ...standardLayers()], { active: "photo" });
    await firstChoice(h);
    fake.app.faults.add("duplicate-to-layer");
    const before = doc.history.length;
    const id = await h.placeResult({
      contentId: "1",
      styleIds: ["2"],
      png: encodePng(solid(30, 20, BLUE)),
      width: 30,
      height: 20,
      name: "photo · paint",
      params: {},
    });
    expect(id).toBe("1");
    expect(fake.state().documents[0].layers.map((l) => l.name)).toEqual(["top", "photo · paint", "photo", "paint"]);
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer", "Layer Order"]);
  });

  it("a failure while preparing the result leaves the document and its History untouched", async () => {
    bridge = connect();
    const doc = bridge.fake.openDocument("doc.psd", 64, 48, standardLayers(), "photo");
    const h = new PhotopeaHost({ channel: bridge.channel, inFrame: true, pollMs: 0, placeTimeoutMs: 1500, rasterize: true });
    await firstChoice(h);
    const layersBefore = JSON.stringify(bridge.fake.state().documents[0].layers);
    const historyBefore = [...doc.history];
    bridge.fake.app.faults.add("rasterize");
    await expect(
      h.placeResult({ contentId: "0", styleIds: ["1"], png: encodePng(solid(30, 20, BLUE)), width: 30, height: 20, name: "x", params: {} }),
    ).rejects.toThrow(/could not finish adding the result, so nothing was added/);
    expect(JSON.stringify(bridge.fake.state().documents[0].layers)).toBe(layersBefore);
    expect(doc.history).toEqual(historyBefore);
    expect(bridge.fake.app.documents.length).toBe(1); // the scratch document is closed
  });

  it("gives up cleanly when the placed layer never appears", async () => {
    const { host: h, fake } = start(standardLayers());
    await firstChoice(h);
    fake.behaviour.neverPlace = true;
    const layersBefore = JSON.stringify(fake.state().documents[0].layers);
    await expect(
      h.placeResult({ contentId: "0", styleIds: ["1"], png: encodePng(solid(30, 20, BLUE)), width: 30, height: 20, name: "x", params: {} }),
    ).rejects.toThrow(/did not add the result layer in time. Nothing was changed/);
    expect(JSON.stringify(fake.state().documents[0].layers)).toBe(layersBefore);
    expect(fake.app.documents.length).toBe(1); // the scratch document is closed
  });

  it("places a batch one step per result, each above its own content, whatever the order; an update of the batch replaces each", async () => {
    const GREEN: [number, number, number, number] = [0, 200, 0, 255];
    const layers = (): LayerSpec[] => [
      { name: "photo", x: 10, y: 8, image: solid(30, 20, RED) },
      { name: "photo2", x: 2, y: 2, image: solid(12, 10, RED) },
      standardLayers()[1],
    ];
    const { host: h, fake, doc } = start(layers(), { active: "photo" });
    await firstChoice(h);
    const req = (contentId: string, name: string, colour = BLUE) => ({
      contentId,
      styleIds: ["2"],
      png: encodePng(solid(30, 20, colour)),
      width: 30,
      height: 20,
      name,
      params: {},
    });
    const before = doc.history.length;
    // The lower content first: the later insert above "photo" moves the first result down one.
    const ids = await h.placeResults([req("1", "photo2 · paint"), req("0", "photo · paint")]);
    const names = () => fake.state().documents[0].layers.map((l) => l.name);
    expect(names()).toEqual(["photo · paint", "photo", "photo2 · paint", "photo2", "paint"]);
    expect(ids).toEqual(["2", "0"]);
    expect(fake.state().documents[0].layers[2].bounds).toEqual([2, 2, 14, 12]);
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer", "Duplicate Layer"]);

    // A strength update of the whole batch: each earlier result out, its replacement in, paths carried through.
    await h.refresh();
    const mid = doc.history.length;
    const again = await h.placeResults([
      { ...req("1", "photo · paint", GREEN), replaceId: "0" },
      { ...req("3", "photo2 · paint", GREEN), replaceId: "2" },
    ]);
    expect(again).toEqual(["0", "2"]);
    expect(names()).toEqual(["photo · paint", "photo", "photo2 · paint", "photo2", "paint"]);
    expect(pixel(doc.layers[0].img!, 5, 5)).toEqual(GREEN);
    expect(pixel(doc.layers[2].img!, 5, 5)).toEqual(GREEN);
    expect(doc.history.slice(mid)).toEqual(["Duplicate Layer", "Delete Layer", "Duplicate Layer", "Delete Layer"]);
    expect(fake.app.unsupported).toEqual([]);
  });

  it("a batch that fails part-way takes back the results it had placed: nothing added", async () => {
    const {
      host: h,
      fake,
      doc,
    } = start([{ name: "photo", x: 10, y: 8, image: solid(30, 20, RED) }, { name: "photo2", x: 2, y: 2, image: solid(12, 10, RED) }, standardLayers()[1]], {
      active: "photo",
    });
    await firstChoice(h);
    const layersBefore = JSON.stringify(fake.state().documents[0].layers);
    doc.layers[1].name = "renamed"; // the second content changed since the listing
    const before = doc.history.length;
    const req = (contentId: string, name: string) => ({
      contentId,
      styleIds: ["2"],
      png: encodePng(solid(30, 20, BLUE)),
      width: 30,
      height: 20,
      name,
      params: {},
    });
    await expect(h.placeResults([req("0", "photo · paint"), req("1", "photo2 · paint")])).rejects.toThrow(
      /Result 2 of 2 could not be added .*moved or was renamed.*1 added before it were removed again: nothing was added/,
    );
    expect(doc.history.slice(before)).toEqual(["Duplicate Layer", "Delete Layer"]);
    expect(fake.app.documents.length).toBe(1);
    doc.layers[1].name = "photo2";
    expect(JSON.stringify(fake.state().documents[0].layers)).toBe(layersBefore);
  });

  it("recalls how a result it placed was made, built-in paintings and deleted sources included", async () => {
    const { host: h, doc } = start(standardLayers(), { active: "photo" });
    await firstChoice(h);
    const params: ResultParams = {
      strength: 0.4,
      preset: "lite",
      size: 0,
      iterations: 30,
      preserveColors: true,
      styleScale: 1.5,
      styleWeights: [1, 0.5],
      seed: 3,
      contentName: "photo",
      styleNames: ["paint", "The Starry Night"],
    };
    const req = {
      contentId: "0",
      styleIds: ["1", "gallery:starry-night"],
      png: encodePng(solid(30, 20, BLUE)),
      width: 30,
      height: 20,
      name: "photo · paint + The Starry Night",
      params: { ...params },
    };
    const id = await h.placeResult(req);
    const c = await h.refresh();
    expect(c).toMatchObject({
      resultId: id,
      contentId: "1",
      styleIds: ["2", "gallery:starry-night"],
      problem: null,
      recall: { params, mode: "layer", contentGone: false, goneStyles: [] },
    });
    expect(c.layers.map((l) => l.name)).toEqual(["photo", "paint"]);
    // The style layer deleted: the parameters stay, and the panel is told which source is gone.
    doc.layers[2].remove();
    const gone = await h.refresh();
    expect(gone).toMatchObject({ resultId: id, contentId: "1", styleIds: ["gallery:starry-night"], recall: { params, contentGone: false, goneStyles: [0] } });
    // A record the host cannot read whole (an older panel's) is no record.
    await h.placeResult({ ...req, name: "photo · other", params: { strength: 0.4 } });
    expect((await h.refresh()).recall).toBeUndefined();
  });

  it("holds recalled results to the style limit: a name or a record past 4 styles is no earlier result", async () => {
    // A layer named like a result with 8 styles (a hand-made name, or another tool's).
    const eight = `photo · ${Array.from({ length: 8 }, () => "paint").join(" + ")}`;
    const named = [...standardLayers(), { name: eight, x: 0, y: 0, image: solid(8, 8, BLUE) }];
    const { host: h } = start(named, { active: eight });
    const c = await firstChoice(h);
    expect(c.resultId).toBeUndefined();
    expect(c.styleIds).toHaveLength(1);
    expect(c.note).toMatch(
      /^“photo · paint \+ paint .*” is a result whose record lists 8 styles, more than the 4 Restyle uses, so it is treated as a plain layer\./,
    );
    // A record the host itself keeps, with 5 styles (a panel past its controls): placed, but never recalled.
    const params: ResultParams = {
      strength: 0.4,
      preset: "lite",
      size: 0,
      iterations: 30,
      preserveColors: false,
      styleScale: 1,
      styleWeights: [1, 1, 1, 1, 1],
      seed: 3,
      contentName: "photo",
      styleNames: ["paint", "paint", "paint", "paint", "paint"],
    };
    await h.placeResult({
      contentId: "1",
      styleIds: ["2"],
      png: encodePng(solid(30, 20, BLUE)),
      width: 30,
      height: 20,
      name: "photo · paint",
      params: { ...params },
    });
    const after = await h.refresh();
    expect(after.recall).toBeUndefined();
    expect(after.styleIds.length).toBeLessThanOrEqual(4);
  });

  it("explains: no document, one layer, text/adjustment/group/empty layers, a huge document", async () => {
    expect((await firstChoice(start(null).host)).problem).toMatch(/Open a document/);
    // One layer runs with a built-in painting: no problem, a note saying so.
    expect(await firstChoice(start([{ name: "solo", image: solid(4, 4, RED) }]).host)).toMatchObject({
      contentId: "0",
      styleIds: [],
      problem: null,
      note: expect.stringMatching(/only one usable layer: pick a built-in painting/),
    });
    const mixed = start([
      { name: "Title", kind: "TEXT", image: solid(4, 4, RED) },
      { name: "Hue", kind: "HUESATURATION" },
      { name: "Folder", kind: "GROUP", children: [] },
      { name: "Blank", image: solid(4, 4, [0, 0, 0, 0]) },
      { name: "ok", image: solid(4, 4, RED) },
    ]);
    const p = (await firstChoice(mixed.host)).note ?? "";
    expect(p).toMatch(/“Title” is a text layer; “Hue” is an adjustment layer; “Folder” is a group; “Blank” is empty/);
    await expect(mixed.host.exportLayer("0", 64)).rejects.toThrow(/“Title” is a text layer/);
    bridge!.channel.close();
    bridge = connect();
    bridge.fake.openDocument("huge.psd", 30000, 30000, []);
    const huge = new PhotopeaHost({ channel: bridge.channel, inFrame: true, pollMs: 0 });
    expect((await firstChoice(huge)).problem).toMatch(/too large \(30000×30000/);
  });

  it("explains: no reply, a malformed reply, and a page opened outside Photopea", async () => {
    const silent = start(standardLayers(), { listTimeoutMs: 200 });
    silent.fake.behaviour.silent = true;
    expect((await firstChoice(silent.host)).problem).toMatch(/did not answer/);
    const garbled = start(standardLayers());
    garbled.fake.behaviour.garble = true;
    expect((await firstChoice(garbled.host)).problem).toMatch(/could not run|unexpected reply/);
    const outside = new PhotopeaHost({ channel: bridge!.channel, inFrame: false });
    expect((await firstChoice(outside)).problem).toMatch(/runs inside Photopea/);
  });

  it("tells watchers when the layers change", async () => {
    const { host: h, doc } = start(standardLayers());
    const seen: LayerChoice[] = [];
    h.watchLayers((c) => seen.push(c));
    await new Promise((r) => setTimeout(r, 100));
    await h.refresh();
    expect(seen.length).toBe(1); // unchanged: no second call
    doc.layers[0].name = "renamed";
    await h.refresh();
    expect(seen.length).toBe(2);
    expect(seen[1].layers[0].name).toBe("renamed");
  });
});

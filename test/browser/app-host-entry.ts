/**
 * Bundled into a test page by app-host.test.ts: the standalone page's host on its own, in
 * Chromium (it needs createImageBitmap and OffscreenCanvas), driven from the test through
 * window.hostCheck.
 */
import { StandaloneHost } from "../../src/ui/hosts/standalone";
import type { LayerChoice, PlaceRequest } from "../../src/shared/layers";

export interface HostReport {
  /** exportLayer of each file at maxSide: whether the bytes are the file's own, and the PNG's IHDR size. */
  exports: { name: string; sameBytes: boolean; width: number; height: number }[];
  /** placeResults with a bad PNG in the batch: what it threw, and how many results were shown after it. */
  badBatch: { error: string; shown: number };
  /** placeResults of two: ids, names shown, and what download() saved. */
  batch: { ids: string[]; shown: string[]; saved: string[]; savedHasRecord: boolean[] };
  /** An update of one shown result keeps its id. */
  updateId: string;
}

const b64bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];

async function hostCheck(files: { name: string; type: string; b64: string }[], maxSide: number): Promise<HostReport> {
  const saved: { name: string; png: Uint8Array }[] = [];
  const host = new StandaloneHost({ download: (png, fileName) => saved.push({ name: fileName, png }) });
  const picked = files.map((f) => new File([b64bytes(f.b64)], f.name, { type: f.type }));
  const problems = await host.addFiles("content", picked);
  if (problems.length) throw new Error(problems.join(" "));
  const exports = [];
  for (const [i, p] of host.pageState().contents.entries()) {
    const png = await host.exportLayer(p.id, maxSide);
    const own = b64bytes(files[i].b64);
    exports.push({ name: p.name, sameBytes: png.length === own.length && png.every((v, j) => v === own[j]), width: u32(png, 16), height: u32(png, 20) });
  }
  const good = await host.exportLayer(host.pageState().contents[0].id, maxSide);
  const req = (contentId: string, name: string, png = good): PlaceRequest => ({
    contentId,
    styleIds: ["gallery:starry-night"],
    png,
    width: 8,
    height: 8,
    name,
    params: { strength: 0.5 },
  });
  const [a, b] = host.pageState().contents;
  let error = "";
  try {
    await host.placeResults([req(a.id, "first"), req(b.id, "broken", new Uint8Array([1, 2, 3]))]);
  } catch (e) {
    error = String((e as Error).message);
  }
  const badBatch = { error, shown: host.pageState().results.length };
  const ids = await host.placeResults([req(a.id, "one / a"), req(b.id, "two")]);
  const shown = host.pageState().results.map((r) => r.name);
  host.download();
  const savedHasRecord = saved.map((s) => new TextDecoder("latin1").decode(s.png).includes("tEXtrestyle\u0000"));
  const updateId = await host.placeResult({ ...req(a.id, "one / a"), replaceId: ids[0] });
  return { exports, badBatch, batch: { ids, shown, saved: saved.map((s) => s.name), savedHasRecord }, updateId };
}

/** A dropped result PNG (with its record), before and after the style file it names is loaded. */
async function recallCheck(resultB64: string, styleB64: string): Promise<{ before: LayerChoice; after: LayerChoice; styleId: string }> {
  const host = new StandaloneHost();
  await host.addFiles("content", [new File([b64bytes(resultB64)], "made.png", { type: "image/png" })]);
  const before = host.choice();
  await host.addFiles("style", [new File([b64bytes(styleB64)], "ink.png", { type: "image/png" })]);
  const after = host.choice();
  // Uint8Arrays do not survive the trip back to the test as themselves: drop the thumbnails.
  const bare = (c: LayerChoice): LayerChoice => ({ ...c, layers: c.layers.map(({ thumbnail: _t, ...l }) => l) });
  return { before: bare(before), after: bare(after), styleId: host.pageState().styles[0].id };
}

/** A dropped PNG whose record is past the limits: what addFiles said, and the choice it gives. */
async function refusedCheck(resultB64: string): Promise<{ problems: string[]; choice: LayerChoice }> {
  const host = new StandaloneHost();
  const problems = await host.addFiles("content", [new File([b64bytes(resultB64)], "many.png", { type: "image/png" })]);
  const c = host.choice();
  return { problems, choice: { ...c, layers: c.layers.map(({ thumbnail: _t, ...l }) => l) } };
}

declare global {
  interface Window {
    hostCheck: typeof hostCheck;
    recallCheck: typeof recallCheck;
    refusedCheck: typeof refusedCheck;
  }
}
window.hostCheck = hostCheck;
window.recallCheck = recallCheck;
window.refusedCheck = refusedCheck;

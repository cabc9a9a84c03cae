/**
 * Puts a result into the user's Photopea document as one History step: the PNG is opened as a
 * scratch document, placed, fitted and named there, then copied across (Duplicate Layer), plus
 * Delete Layer when a strength update replaces the earlier result. Photopea has no suspendHistory
 * to group steps, so fewer steps is the only way to fewer undos.
 */
import { isNonNegInt, isNum, isObj } from "../../kit/guards";
import type { PlaceRequest } from "../../shared/layers";
import { isPng } from "../../kit/png-size";
import type { PhotopeaChannel, Reply } from "./photopea-channel";
import { callPhotopea, PhotopeaError, throwIfScriptError } from "./photopea-error";
import { layerSize, type PpLayer } from "./photopea-listing";
import { closeScratchScript, idToPath, placeFinishScript, placeOpenScript, scratchCountScript } from "./photopea-scripts";

export interface PlaceOptions {
  channel: PhotopeaChannel;
  /** The user's document, as the last listing named it (undefined: none open). */
  documentName: string | undefined;
  /** Rasterise the result; otherwise it stays a smart object (as Photopea places it). */
  rasterize: boolean;
  /** How long to wait for the placed layer to appear. */
  timeoutMs: number;
}

/** Where a placed result ended up, and what moved the other layers' paths on the way. */
export interface Placed {
  /** The new layer's path once everything is done. */
  path: number[];
  /** Its path right after it was inserted (before an earlier result was deleted). */
  inserted: number[];
  /** The path of the earlier result deleted by a strength update, or null. */
  removed: number[] | null;
}

const isPath = (x: unknown): x is number[] => Array.isArray(x) && x.length > 0 && x.every(isNonNegInt);

/** Places `req` over `content`'s bounds. A failure leaves the user's layers as they were. */
const ignore = () => undefined;

/** "done" may come before Photopea has decoded the image: the scratch document's layer count once it reaches `expect` (or the deadline passes, or the document is gone: -1). */
async function scratchCountAfter(
  run: (script: (nonce: string) => string, timeoutMs: number) => Promise<Reply>,
  scratch: string,
  before: number,
  expect: number,
  deadline: number,
): Promise<number> {
  let count = before;
  while (count < expect && count >= 0 && Date.now() < deadline) {
    await sleep(100);
    const r = await run((n) => scratchCountScript(n, scratch), 5000).catch(() => null);
    const v = r?.values[0];
    if (isObj(v) && isNum(v.count)) count = v.count;
  }
  return count;
}

export async function placeViaScratch(req: PlaceRequest, content: PpLayer, opts: PlaceOptions): Promise<Placed> {
  const run = (script: (nonce: string) => string, timeoutMs: number) => callPhotopea(() => opts.channel.run(script, timeoutMs));
  const { documentName } = opts;
  if (!isPng(req.png)) throw new PhotopeaError("The result is not a PNG image.");
  const size = layerSize(content);
  if (size.width <= 0 || size.height <= 0) throw new PhotopeaError(`“${content.name}” is empty.`);
  if (documentName === undefined) throw new PhotopeaError("Open a document in Photopea first.");
  const scratch = scratchName();
  /** Best effort: closes the scratch document if it is still open. */
  const closeScratch = () => opts.channel.run((n) => closeScratchScript(n, scratch), 5000).then(ignore, ignore);

  const open = await run((n) => placeOpenScript(n, content.path, content.name, pngDataUri(req.png), scratch), 30_000);
  const o = open.values[0];
  throwIfScriptError(o, content.name);
  const before = isObj(o) && isNum(o.count) ? o.count : -1;
  if (before < 0) {
    await closeScratch();
    throw new PhotopeaError("Photopea sent an unexpected reply. Nothing was changed.");
  }
  const expect = before + 1;
  const replacePath = req.replaceId ? idToPath(req.replaceId) : null;
  const replace = replacePath ? { path: replacePath, name: req.name } : undefined;

  const count = await scratchCountAfter(run, scratch, before, expect, Date.now() + opts.timeoutMs);
  if (count !== expect) {
    await closeScratch();
    throw new PhotopeaError(
      count < 0
        ? "The document Restyle was preparing the result in was closed. Nothing was changed."
        : "Photopea did not add the result layer in time. Nothing was changed.",
      `scratch layer count ${before} → ${count}`,
    );
  }

  let fin: Reply;
  try {
    fin = await run(
      (n) =>
        placeFinishScript(n, {
          scratch,
          expectCount: expect,
          documentName,
          contentPath: content.path,
          contentName: content.name,
          bounds: content.bounds,
          name: req.name,
          rasterize: opts.rasterize,
          replace,
        }),
      15_000,
    );
  } catch (e) {
    // The script closes the scratch document itself and removes the copy when it throws; after a timeout we cannot know.
    if (e instanceof PhotopeaError && e.detail?.startsWith("timeout")) await closeScratch();
    if (e instanceof PhotopeaError && e.detail?.startsWith("script")) {
      throw new PhotopeaError("Photopea could not finish adding the result, so nothing was added: your layers are as they were.", e.detail);
    }
    throw e;
  }
  const f = fin.values[0];
  if (isObj(f) && f.error === "stale") throw new PhotopeaError(`“${content.name}” moved or was renamed. Pick the layers again; nothing was added.`, "stale");
  if (isObj(f) && f.error === "missing") {
    throw new PhotopeaError("The result layer could not be found (was another document or layer selected meanwhile?). Nothing was added.");
  }
  if (!isObj(f) || !isPath(f.path)) {
    throw new PhotopeaError("Photopea sent an unexpected reply after adding the result. Check the Layers panel.", JSON.stringify(f)?.slice(0, 200));
  }
  return { path: f.path, inserted: isPath(f.inserted) ? f.inserted : f.path, removed: f.removed === true && replacePath ? replacePath : null };
}

/** data:image/png;base64,… built in chunks (String.fromCharCode on a huge array overflows the stack). */
export function pngDataUri(png: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < png.length; i += 0x8000) bin += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(bin)}`;
}

/** A scratch document name no user document is likely to have (checked by isScratchName). */
function scratchName(): string {
  return `Restyle scratch ${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 8)
    .replace(/[^a-z0-9]/g, "")}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The Host for Photopea: the panel runs in Photopea's plugin iframe and drives the document with
 * scripts over live messaging (photopea-channel.ts, photopea-scripts.ts).
 *
 * History left in the user's document by one run: none for the exports (they go through temporary
 * documents); the result is placed, fitted and named in a scratch document and copied across in
 * one step (Duplicate Layer), plus Delete Layer when a strength update replaces the earlier result.
 * Photopea has no suspendHistory to group steps, so fewer steps is the only way to fewer undos.
 */
import type { PanelSettings } from "../settings";
import { isNonNegInt, isNum, isObj } from "../../shared/guards";
import type { LayerChoice, PlaceRequest } from "../../shared/layers";
import { isPng } from "../../shared/png-size";
import type { Host } from "./host";
import { loadLocalSettings, saveLocalSettings, type SettingsStorage } from "./local-settings";
import { ChannelError, type PhotopeaChannel, type Reply } from "./photopea-channel";
import type { RgbaImage } from "../../engine/types";
import {
  choiceFromListing,
  contentIndex,
  layerSize,
  NOT_IN_PHOTOPEA,
  parseListing,
  styleCandidates,
  unusableReason,
  type PlainLookup,
  type PpLayer,
  type PpListing,
} from "./photopea-listing";
import { isPlain } from "./photopea-texture";
import {
  closeScratchScript,
  exportLayerScript,
  idToPath,
  listLayersScript,
  pathToId,
  placeFinishScript,
  placeOpenScript,
  scratchCountScript,
} from "./photopea-scripts";
import { messageOf } from "../../shared/message-of";

export interface PhotopeaHostOptions {
  channel: PhotopeaChannel;
  /** False when the page was opened outside Photopea (window.parent === window). */
  inFrame: boolean;
  /** How often the layer list is re-read while someone watches it (Photopea does not push changes). */
  pollMs?: number;
  /** How long to wait for a placed layer to appear. */
  placeTimeoutMs?: number;
  exportTimeoutMs?: number;
  listTimeoutMs?: number;
  storage?: SettingsStorage | null;
  /** Rasterise each result; by default it stays a smart object (as Photopea places it). */
  rasterize?: boolean;
  /** Decodes a layer preview, to tell plain-colour layers from textured ones when choosing the default style. */
  decode?: (png: Uint8Array) => Promise<RgbaImage>;
  onNotify?: (message: string, isError: boolean) => void;
}

/** Long side of the previews that judge texture, and how many a refresh may export. */
const PREVIEW_SIDE = 32;
const MAX_PREVIEWS = 6;

export class PhotopeaError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = "PhotopeaError";
  }
}

export class PhotopeaHost implements Host {
  readonly kind = "photopea" as const;
  private readonly opts: PhotopeaHostOptions;
  private listing: PpListing | null = null;
  private lastChoiceJson = "";
  private readonly watchers = new Set<(c: LayerChoice) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private refreshing: Promise<LayerChoice> | null = null;
  private lastChoice: LayerChoice | null = null;
  private placing = false;
  /** A strength update is two History steps in Photopea (the new result copied in, the earlier one deleted). */
  readonly updateUndoSteps = 2;
  /** Plain-colour verdicts by layer (path, name, kind, bounds): a preview is exported once per layer state. */
  private readonly plainCache = new Map<string, boolean>();

  constructor(opts: PhotopeaHostOptions) {
    this.opts = opts;
  }

  watchLayers(onChange: (c: LayerChoice) => void): () => void {
    this.watchers.add(onChange);
    if (!this.opts.inFrame) {
      queueMicrotask(() => onChange({ layers: [], contentId: null, styleIds: [], problem: NOT_IN_PHOTOPEA }));
      return () => this.watchers.delete(onChange);
    }
    void this.refresh(true).then((c) => onChange(c));
    if (!this.timer && (this.opts.pollMs ?? 2000) > 0) {
      this.timer = setInterval(() => void this.refresh(false), this.opts.pollMs ?? 2000);
    }
    return () => {
      this.watchers.delete(onChange);
      if (!this.watchers.size && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** Re-reads the layers; tells the watchers when the choice changed (or always, with force). */
  refresh(force = false): Promise<LayerChoice> {
    if (this.refreshing) return this.refreshing;
    // While a result is being placed the scratch document is the active one: the last listing stands.
    if (this.placing && this.lastChoice) return Promise.resolve(this.lastChoice);
    this.refreshing = this.readChoice()
      .then((c) => {
        this.lastChoice = c;
        const json = JSON.stringify(c);
        if (force || json !== this.lastChoiceJson) {
          this.lastChoiceJson = json;
          if (!force) for (const w of this.watchers) w(c);
        }
        return c;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async readChoice(): Promise<LayerChoice> {
    try {
      const reply = await this.opts.channel.run((n) => listLayersScript(n), this.opts.listTimeoutMs ?? 5000);
      const listing = parseListing(reply.values[0]);
      if (!listing) return this.problem("Photopea sent an unexpected reply. Close and reopen the Restyle panel.");
      this.listing = listing;
      return choiceFromListing(listing, await this.judgeCandidates(listing));
    } catch (e) {
      this.listing = null;
      return this.problem(messageOf(e));
    }
  }

  /**
   * Judges the style candidates nearest the content first, from a small preview of each, until one
   * with texture is found; the rest stay unjudged (they count as textured).
   */
  private async judgeCandidates(listing: PpListing): Promise<PlainLookup> {
    const key = (l: PpLayer) => JSON.stringify([l.path, l.name, l.kind, l.bounds]);
    const lookup: PlainLookup = (l) => this.plainCache.get(key(l));
    const decode = this.opts.decode;
    if (!decode || !listing.document) return lookup;
    const usable = listing.layers.filter((l) => unusableReason(l) === null);
    if (usable.length < 2) return lookup;
    let judged = 0;
    for (const l of styleCandidates(usable, contentIndex(usable))) {
      if (l.background) continue;
      let plain = this.plainCache.get(key(l));
      if (plain === undefined) {
        if (judged >= MAX_PREVIEWS) break;
        judged += 1;
        const png = await this.opts.channel
          .run((n) => exportLayerScript(n, l.path, l.name, PREVIEW_SIDE), this.opts.listTimeoutMs ?? 5000)
          .then((r) => r.buffers[r.buffers.length - 1])
          .catch(() => undefined);
        if (!png) break; // Photopea is busy or the layer changed: judge again at the next refresh
        const img = await decode(new Uint8Array(png)).catch(() => null);
        if (!img) break;
        plain = isPlain(img);
        this.plainCache.set(key(l), plain);
      }
      if (!plain) break;
    }
    return lookup;
  }

  private problem(problem: string): LayerChoice {
    return { layers: [], contentId: null, styleIds: [], problem };
  }

  /** The layer an id names in the last listing, checked usable; throws a user-facing error otherwise. */
  private layerFor(id: string): PpLayer {
    const path = idToPath(id);
    const layer = path && this.listing?.layers.find((l) => pathToId(l.path) === id);
    if (!layer) throw new PhotopeaError("That layer is no longer in the document. Pick the layers again.", `unknown id ${id}`);
    const why = unusableReason(layer);
    if (why) throw new PhotopeaError(`“${layer.name}” is ${why}: Restyle needs a pixel layer.`, `kind ${layer.kind}`);
    return layer;
  }

  async exportLayer(id: string, maxSide: number): Promise<Uint8Array> {
    const layer = this.layerFor(id);
    const side = Math.max(1, Math.floor(maxSide));
    const reply = await this.call(() => this.opts.channel.run((n) => exportLayerScript(n, layer.path, layer.name, side), this.opts.exportTimeoutMs ?? 30_000));
    const v = reply.values[0];
    this.throwIfScriptError(v, layer.name);
    const buf = reply.buffers[reply.buffers.length - 1];
    const png = buf ? new Uint8Array(buf) : null;
    if (!png || !isPng(png)) {
      throw new PhotopeaError(`Photopea did not send the pixels of “${layer.name}”. Try again.`, buf ? "not a PNG" : "no buffer");
    }
    return png;
  }

  async placeResult(req: PlaceRequest): Promise<string> {
    const content = this.layerFor(req.contentId);
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    this.placing = true;
    try {
      return await this.placeNow(req, content);
    } finally {
      this.placing = false;
      void this.refresh(false);
    }
  }

  private async placeNow(req: PlaceRequest, content: PpLayer): Promise<string> {
    const documentName = this.listing?.document?.name;
    if (!isPng(req.png)) throw new PhotopeaError("The result is not a PNG image.");
    const size = layerSize(content);
    if (size.width <= 0 || size.height <= 0) throw new PhotopeaError(`“${content.name}” is empty.`);
    if (documentName === undefined) throw new PhotopeaError("Open a document in Photopea first.");
    const scratch = scratchName();

    const open = await this.call(() => this.opts.channel.run((n) => placeOpenScript(n, content.path, content.name, pngDataUri(req.png), scratch), 30_000));
    const o = open.values[0];
    this.throwIfScriptError(o, content.name);
    const before = isObj(o) && isNum(o.count) ? o.count : -1;
    if (before < 0) {
      await this.closeScratch(scratch);
      throw new PhotopeaError("Photopea sent an unexpected reply. Nothing was changed.");
    }
    const expect = before + 1;
    const replacePath = req.replaceId ? idToPath(req.replaceId) : null;
    const replace = replacePath ? { path: replacePath, name: req.name } : undefined;

    // "done" may come before Photopea has decoded the image: wait until the layer exists.
    const deadline = Date.now() + (this.opts.placeTimeoutMs ?? 20_000);
    let count = before;
    while (count < expect && count >= 0 && Date.now() < deadline) {
      await sleep(100);
      const r = await this.call(() => this.opts.channel.run((n) => scratchCountScript(n, scratch), 5000)).catch(() => null);
      const v = r?.values[0];
      if (isObj(v) && isNum(v.count)) count = v.count;
    }
    if (count !== expect) {
      await this.closeScratch(scratch);
      throw new PhotopeaError(
        count < 0 ? "The document Restyle was preparing the result in was closed. Nothing was changed." : "Photopea did not add the result layer in time. Nothing was changed.",
        `scratch layer count ${before} → ${count}`,
      );
    }

    let fin: Reply;
    try {
      fin = await this.call(() =>
        this.opts.channel.run(
          (n) =>
            placeFinishScript(n, {
              scratch,
              expectCount: expect,
              documentName,
              contentPath: content.path,
              contentName: content.name,
              bounds: content.bounds,
              name: req.name,
              rasterize: !!this.opts.rasterize,
              replace,
            }),
          15_000,
        ),
      );
    } catch (e) {
      // The script closes the scratch document itself and removes the copy when it throws; after a timeout we cannot know.
      if (e instanceof PhotopeaError && e.detail?.startsWith("timeout")) await this.closeScratch(scratch);
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
    if (!isObj(f) || !Array.isArray(f.path) || !f.path.length || !f.path.every(isNonNegInt)) {
      throw new PhotopeaError("Photopea sent an unexpected reply after adding the result. Check the Layers panel.", JSON.stringify(f)?.slice(0, 200));
    }
    return pathToId(f.path as number[]);
  }

  /** Best effort: closes the scratch document if it is still open. */
  private async closeScratch(scratch: string): Promise<void> {
    await this.opts.channel.run((n) => closeScratchScript(n, scratch), 5000).catch(() => undefined);
  }

  private throwIfScriptError(v: unknown, layerName: string): void {
    if (!isObj(v)) throw new PhotopeaError("Photopea sent an unexpected reply. Nothing was changed.", JSON.stringify(v)?.slice(0, 200));
    if (v.error === "stale") throw new PhotopeaError(`“${layerName}” moved or was renamed. Pick the layers again.`, "stale");
    if (v.error === "empty") throw new PhotopeaError(`“${layerName}” is empty: there is nothing to stylise.`, "empty");
    if (typeof v.error === "string") throw new PhotopeaError("Photopea could not do that. Nothing was changed.", v.error);
  }

  /** Runs a channel call, turning transport errors into user-facing ones. */
  private async call(fn: () => Promise<Reply>): Promise<Reply> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ChannelError) throw new PhotopeaError(e.message, `${e.code}: ${e.detail ?? ""}`);
      throw e;
    }
  }

  async loadSettings(): Promise<PanelSettings> {
    return loadLocalSettings(this.opts.storage);
  }

  async saveSettings(s: PanelSettings): Promise<void> {
    saveLocalSettings(this.opts.storage, s);
  }

  notify(message: string, isError = false): void {
    this.opts.onNotify?.(message, isError);
  }
}

/** data:image/png;base64,… built in chunks (String.fromCharCode on a huge array overflows the stack). */
export function pngDataUri(png: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < png.length; i += 0x8000) bin += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(bin)}`;
}

/** A scratch document name no user document is likely to have (checked by isScratchName). */
function scratchName(): string {
  return `Restyle scratch ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8).replace(/[^a-z0-9]/g, "")}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

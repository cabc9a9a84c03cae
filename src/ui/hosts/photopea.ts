/**
 * The Host for Photopea: the panel runs in Photopea's plugin iframe and drives the document with
 * scripts over live messaging (photopea-channel.ts, photopea-scripts.ts). Exports go through
 * temporary documents, so they leave no History in the user's; placing is photopea-place.ts.
 */
import type { RgbaImage } from "../../engine/types";
import { type LayerChoice, type PlaceRequest } from "../../shared/layers";
import { parseResultParams } from "../../shared/result-params";
import type { ResultRecipe } from "../../shared/result-recipe";
import { isObj } from "../../kit/guards";
import { messageOf } from "../../kit/message-of";
import { isPng } from "../../kit/png-size";
import type { Host } from "./host";
import { PageHost, type PageHostOptions } from "./page-host";
import type { PhotopeaChannel } from "./photopea-channel";
import { callPhotopea, PhotopeaError, throwIfScriptError } from "./photopea-error";
import { choiceFromListing, NOT_IN_PHOTOPEA, parseListing, unusableReason, type PpLayer, type PpListing } from "./photopea-listing";
import { afterInsert, afterRemove } from "./photopea-paths";
import { placeViaScratch, type Placed } from "./photopea-place";
import { judgeCandidates } from "./photopea-previews";
import { recordKey, withRecall } from "./photopea-recall";
import { exportLayerScript, idToPath, listLayersScript, pathToId, removeLayerScript } from "./photopea-scripts";

export interface PhotopeaHostOptions extends PageHostOptions {
  channel: PhotopeaChannel;
  /** False when the page was opened outside Photopea (window.parent === window). */
  inFrame: boolean;
  /** How often the layer list is re-read while someone watches it (Photopea does not push changes). */
  pollMs?: number;
  /** How long to wait for a placed layer to appear. */
  placeTimeoutMs?: number;
  exportTimeoutMs?: number;
  listTimeoutMs?: number;
  /** Rasterise each result; by default it stays a smart object (as Photopea places it). */
  rasterize?: boolean;
  /** Decodes a layer preview, to tell plain-colour layers from textured ones when choosing the default style. */
  decode?: (png: Uint8Array) => Promise<RgbaImage>;
}

export class PhotopeaHost extends PageHost implements Host {
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
  /**
   * How the results this panel placed were made, by document and layer name. Photopea layers carry
   * no plugin data, so a record lasts as long as the panel stays open.
   */
  private readonly records = new Map<string, ResultRecipe>();
  /** Plain-colour verdicts by layer (path, name, kind, bounds): a preview is exported once per layer state. */
  private readonly plainCache = new Map<string, boolean>();

  constructor(opts: PhotopeaHostOptions) {
    super(opts);
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
      const plain = await judgeCandidates(listing, this.plainCache, this.opts);
      return withRecall(choiceFromListing(listing, plain), listing, this.records);
    } catch (e) {
      this.listing = null;
      return this.problem(messageOf(e));
    }
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
    const reply = await callPhotopea(() =>
      this.opts.channel.run((n) => exportLayerScript(n, layer.path, layer.name, side), this.opts.exportTimeoutMs ?? 30_000),
    );
    const v = reply.values[0];
    throwIfScriptError(v, layer.name);
    const buf = reply.buffers[reply.buffers.length - 1];
    const png = buf ? new Uint8Array(buf) : null;
    if (!png || !isPng(png)) {
      throw new PhotopeaError(`Photopea did not send the pixels of “${layer.name}”. Try again.`, buf ? "not a PNG" : "no buffer");
    }
    return png;
  }

  async placeResult(req: PlaceRequest): Promise<string> {
    return (await this.placeResults([req]))[0];
  }

  /**
   * Places a batch in turn, one Duplicate Layer step per result: Photopea cannot group History
   * steps (no suspendHistory), and the results sit above different layers, so no single copy can
   * carry them all. All or none: when one fails, the results placed before it are deleted again
   * (one Delete Layer step each) and the error says nothing was added.
   */
  async placeResults(reqs: PlaceRequest[]): Promise<string[]> {
    // Every content is checked against the listing before anything is placed.
    const contents = reqs.map((r) => this.layerFor(r.contentId));
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    const documentName = this.listing?.document?.name;
    this.placing = true;
    const todo = reqs.map((req, i) => ({ req, content: contents[i], replace: req.replaceId ? idToPath(req.replaceId) : null }));
    const placed: { path: number[]; name: string }[] = [];
    try {
      for (const [i, t] of todo.entries()) {
        let done: Placed;
        try {
          const req = { ...t.req, ...(t.replace ? { replaceId: pathToId(t.replace) } : {}) };
          if (t.replace === null) delete req.replaceId;
          done = await placeViaScratch(req, t.content, {
            channel: this.opts.channel,
            documentName,
            rasterize: !!this.opts.rasterize,
            timeoutMs: this.opts.placeTimeoutMs ?? 20_000,
          });
        } catch (e) {
          if (!placed.length) throw e;
          const undone = await this.takeBack(placed, documentName);
          throw new PhotopeaError(
            undone === placed.length
              ? `Result ${i + 1} of ${todo.length} could not be added (${messageOf(e)}), so the ${placed.length} added before it were removed again: nothing was added.`
              : `Result ${i + 1} of ${todo.length} could not be added (${messageOf(e)}), and ${placed.length - undone} of the results added before it could not be removed: check the Layers panel.`,
            e instanceof PhotopeaError ? e.detail : undefined,
          );
        }
        // Later contents and earlier results move with the layer that went in (and the one that went out).
        const move = (p: number[]) => {
          const q = afterInsert(p, done.inserted);
          return done.removed ? afterRemove(q, done.removed) : q;
        };
        for (const r of placed) r.path = move(r.path) ?? r.path;
        for (const later of todo.slice(i + 1)) {
          later.content = { ...later.content, path: move([...later.content.path]) ?? [...later.content.path] };
          if (later.replace) later.replace = move(later.replace);
        }
        placed.push({ path: done.path, name: t.req.name });
      }
      for (const r of reqs) {
        const params = parseResultParams(r.params);
        if (params && documentName !== undefined) this.records.set(recordKey(documentName, r.name), { params, styleIds: [...r.styleIds] });
      }
      return placed.map((r) => pathToId(r.path));
    } finally {
      this.placing = false;
      void this.refresh(false);
    }
  }

  /** Deletes the results of a failed batch again, checked by name; returns how many went. */
  private async takeBack(placed: readonly { path: number[]; name: string }[], documentName: string | undefined): Promise<number> {
    if (documentName === undefined) return 0;
    const left = placed.map((r) => ({ path: [...r.path], name: r.name }));
    let n = 0;
    while (left.length) {
      const r = left.pop()!;
      const reply = await this.opts.channel.run((nonce) => removeLayerScript(nonce, documentName, r.path, r.name), 5000).catch(() => null);
      const v = reply?.values[0];
      if (!isObj(v) || v.removed !== true) continue;
      n += 1;
      for (const o of left) o.path = afterRemove(o.path, r.path) ?? o.path;
    }
    return n;
  }
}

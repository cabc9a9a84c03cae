/**
 * A fake Photopea for tests: the document model (layers with kind, bounds, visibility and RGBA
 * pixels), the History each operation adds, and the live-messaging behaviour the plugin relies on.
 * It implements exactly the scripting subset Restyle's scripts use, and evaluates the scripts the
 * way Photopea does (as JavaScript against `app`). Test side only: src/ never evaluates code.
 *
 * Messaging as documented (photopea.com/api/live): a script string in → its echoToOE strings and
 * saveToOE buffers out, in order, then "done". app.open(…, true) finishes later than "done", as in
 * Photopea, which loads the image asynchronously.
 *
 * Faithful where Restyle could go wrong: an ArtLayer has no `layers` (a read is recorded in
 * `app.unsupported`, so tests catch scripts that probe for groups that way); every operation
 * Photopea records as a History state appends one entry to its document's `history`; layer
 * selection and switching documents record nothing; a placed image lands centred above the active
 * layer, shrunk to fit the canvas and scaled by the document's resolution over the image's 72 ppi.
 */

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface PngCodec {
  decode(png: Uint8Array): Promise<Rgba>;
  encode(img: Rgba): Promise<Uint8Array>;
}

export const LayerKind = { NORMAL: 1, TEXT: 2, SOLIDFILL: 11, HUESATURATION: 5, CURVES: 4, SMARTOBJECT: 17 } as const;
export const ElementPlacement = { PLACEATBEGINNING: 1, PLACEATEND: 2, PLACEBEFORE: 3, PLACEAFTER: 4, INSIDE: 5 } as const;
export const SaveOptions = { DONOTSAVECHANGES: 2, SAVECHANGES: 1, PROMPTTOSAVECHANGES: 3 } as const;
export const NewDocumentMode = { RGB: 2 } as const;
export const DocumentFill = { TRANSPARENT: 3, WHITE: 1 } as const;
export const RasterizeType = { ENTIRELAYER: 1 } as const;
export const AnchorPosition = { TOPLEFT: 1 } as const;

/** "duplicate-to-layer": duplicate() relative to a layer of another document throws (an engine without it). */
export type FaultName = "duplicate" | "duplicate-to-layer" | "saveToOE" | "rasterize" | "resize" | "translate" | "open" | "move";

export interface FakeOptions {
  codec: PngCodec;
  /** Delivers one message to the plugin. */
  post(message: string | ArrayBuffer): void;
  /** Delay before a layer opened with app.open appears (after "done"). */
  placeDelayMs?: number;
}

export interface LayerSpec {
  name: string;
  kind?: keyof typeof LayerKind | "GROUP";
  x?: number;
  y?: number;
  image?: Rgba | null;
  visible?: boolean;
  /** The document's background layer (Photoshop's isBackgroundLayer). */
  background?: boolean;
  children?: LayerSpec[];
}

type Container = FakeDocument | FakeLayer;

export class FakeLayer {
  typename: "ArtLayer" | "LayerSet";
  kind: number | undefined;
  x: number;
  y: number;
  img: Rgba | null;
  isBackgroundLayer: boolean;
  /** A group's layers (null for an ArtLayer); scripts see them as `layers` on LayerSets only. */
  kids: FakeLayer[] | null;
  parent: Container;
  private _name: string;
  private _visible: boolean;

  constructor(spec: LayerSpec, parent: Container) {
    this.typename = spec.kind === "GROUP" || spec.children ? "LayerSet" : "ArtLayer";
    this.kind = this.typename === "LayerSet" ? undefined : LayerKind[(spec.kind ?? "NORMAL") as keyof typeof LayerKind];
    this._name = spec.name;
    this._visible = spec.visible ?? true;
    this.x = spec.x ?? 0;
    this.y = spec.y ?? 0;
    this.img = spec.image ?? null;
    this.isBackgroundLayer = this.typename === "ArtLayer" && !!spec.background;
    this.parent = parent;
    this.kids = this.typename === "LayerSet" ? (spec.children ?? []).map((c) => new FakeLayer(c, this)) : null;
  }

  /** Photoshop's DOM has `layers` on Document and LayerSet only. */
  get layers(): FakeLayer[] | undefined {
    if (this.kids) return this.kids;
    this.doc.app.unsupported.push("ArtLayer.layers");
    return undefined;
  }

  get doc(): FakeDocument {
    let c: Container = this.parent;
    while (c instanceof FakeLayer) c = c.parent;
    return c;
  }

  get name(): string {
    return this._name;
  }
  set name(v: string) {
    this._name = String(v);
    this.doc.record("Rename Layer");
  }

  get visible(): boolean {
    return this._visible;
  }
  set visible(v: boolean) {
    const on = !!v;
    if (on === this._visible) return;
    this._visible = on;
    this.doc.record(on ? "Show Layer" : "Hide Layer");
  }

  /** [left, top, right, bottom] of the non-transparent pixels, as Photoshop reports them. */
  get bounds(): [number, number, number, number] {
    if (this.kids) {
      const bs = this.kids.map((l) => l.bounds).filter((b) => b[2] > b[0]);
      if (!bs.length) return [0, 0, 0, 0];
      return [Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])), Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))];
    }
    const t = trim(this.img);
    return t ? [this.x + t[0], this.y + t[1], this.x + t[2], this.y + t[3]] : [0, 0, 0, 0];
  }

  /**
   * Photoshop's duplicate(relativeObject, insertionLocation): relative to a document (at its top or
   * bottom) or to a layer (before = above it, after = below it, inside a group = at its top), in
   * that object's document. No arguments: right above the original.
   */
  duplicate(relative?: FakeDocument | FakeLayer, placement?: number): FakeLayer {
    this.doc.app.maybeFail("duplicate");
    if (relative instanceof FakeLayer && relative.doc !== this.doc) this.doc.app.maybeFail("duplicate-to-layer");
    const dest = relative instanceof FakeLayer ? relative.doc : (relative ?? this.doc);
    const copy = cloneLayer(this, dest);
    insertAt(copy, relative ?? this, relative ? placement : ElementPlacement.PLACEBEFORE);
    dest.record("Duplicate Layer");
    return copy;
  }

  /** Photoshop's move(relativeObject, insertionLocation), within the layer's own document. */
  move(relative: FakeDocument | FakeLayer, placement?: number): void {
    this.doc.app.maybeFail("move");
    const doc = this.doc;
    if ((relative instanceof FakeLayer ? relative.doc : relative) !== doc) throw new Error("move: the target is in another document");
    const list = siblings(this);
    list.splice(list.indexOf(this), 1);
    insertAt(this, relative, placement);
    doc.record("Layer Order");
  }

  translate(dx: number, dy: number): void {
    this.doc.app.maybeFail("translate");
    this.x += Math.round(Number(dx));
    this.y += Math.round(Number(dy));
    this.doc.record("Move");
  }

  /** Scales the pixels about the bounds' top-left corner (nearest neighbour). */
  resize(px: number, py: number, _anchor?: number): void {
    this.doc.app.maybeFail("resize");
    const b = this.bounds;
    if (!this.img || b[2] <= b[0]) return;
    const sub = crop(this.img, b[0] - this.x, b[1] - this.y, b[2] - b[0], b[3] - b[1]);
    this.img = scale(sub, Math.max(1, Math.round((sub.width * px) / 100)), Math.max(1, Math.round((sub.height * py) / 100)));
    this.x = b[0];
    this.y = b[1];
    this.doc.record("Free Transform");
  }

  rasterize(_type?: number): void {
    this.doc.app.maybeFail("rasterize");
    this.kind = LayerKind.NORMAL;
    this.doc.record("Rasterize");
  }

  remove(): void {
    const doc = this.doc;
    const list = siblings(this);
    list.splice(list.indexOf(this), 1);
    if (doc.activeLayer === this) doc.activeLayer = doc.layers[0] ?? null;
    doc.record("Delete Layer");
  }
}

export class FakeDocument {
  readonly typename = "Document";
  name: string;
  /** Pixels per inch. */
  resolution: number;
  width: number;
  height: number;
  layers: FakeLayer[] = [];
  activeLayer: FakeLayer | null = null;
  /** History panel entries, oldest first. */
  history: string[] = [];
  readonly app: FakeApp;

  constructor(app: FakeApp, name: string, width: number, height: number, resolution = 72) {
    this.app = app;
    this.name = name;
    this.width = width;
    this.height = height;
    this.resolution = resolution;
  }

  record(entry: string): void {
    this.history.push(entry);
  }

  saveToOE(format: string): void {
    this.app.maybeFail("saveToOE");
    if (!/^png/i.test(format)) throw new Error(`fake supports png only, got ${format}`);
    const img = composite(this);
    this.app.emit(this.app.codec.encode(img).then((b) => b.slice().buffer as ArrayBuffer));
  }

  resizeImage(w: number, h: number): void {
    const sx = w / this.width;
    const sy = h / this.height;
    const each = (ls: FakeLayer[]) => {
      for (const l of ls) {
        if (l.kids) each(l.kids);
        else if (l.img) {
          l.img = scale(l.img, Math.max(1, Math.round(l.img.width * sx)), Math.max(1, Math.round(l.img.height * sy)));
          l.x = Math.round(l.x * sx);
          l.y = Math.round(l.y * sy);
        }
      }
    };
    each(this.layers);
    this.width = Math.round(w);
    this.height = Math.round(h);
    this.record("Image Size");
  }

  close(_opt?: number): void {
    const docs = this.app.documents;
    docs.splice(docs.indexOf(this), 1);
    // As in Photopea: closing activates the last document, not the one active before.
    if (this.app.activeDocument === this) this.app.activeDocument = docs[docs.length - 1] ?? null;
    this.app.closedDocuments += 1;
  }
}

/** The `app` object scripts see. */
export class FakeApp {
  documents: FakeDocument[] & { add?: unknown };
  activeDocument: FakeDocument | null = null;
  closedDocuments = 0;
  /** DOM properties scripts read that Photopea does not have (e.g. "ArtLayer.layers"). */
  unsupported: string[] = [];
  readonly codec: PngCodec;
  private outbox: Promise<void> = Promise.resolve();
  faults = new Set<FaultName>();
  placeDelayMs: number;
  /** Pending app.open loads (so tests can wait for them). */
  loading: Promise<void> = Promise.resolve();
  private readonly post: (m: string | ArrayBuffer) => void;

  constructor(opts: FakeOptions) {
    this.codec = opts.codec;
    this.post = opts.post;
    this.placeDelayMs = opts.placeDelayMs ?? 150;
    const docs: FakeDocument[] & { add?: unknown } = [];
    docs.add = (w: number, h: number, res?: number, name?: string) => {
      const d = new FakeDocument(this, name ?? "Untitled", Math.round(w), Math.round(h), res ?? 72);
      const l = new FakeLayer({ name: "Layer 1", image: null }, d);
      d.layers.push(l);
      d.activeLayer = l;
      d.record("New");
      docs.push(d);
      this.activeDocument = d;
      return d;
    };
    this.documents = docs;
  }

  maybeFail(op: FaultName): void {
    if (this.faults.has(op)) throw new Error(`fake fault in ${op}`);
  }

  /** Queues an outgoing message; messages leave strictly in order. */
  emit(m: string | ArrayBuffer | Promise<string | ArrayBuffer>): void {
    this.outbox = this.outbox.then(async () => this.post(await m));
  }

  echoToOE(s: string): void {
    this.emit(String(s));
  }

  open(url: string, _as: unknown, asSmart?: boolean): void {
    this.maybeFail("open");
    const doc = this.activeDocument;
    if (!asSmart || !doc) throw new Error("fake supports app.open(url, null, true) into a document only");
    const m = /^data:image\/png;base64,(.*)$/.exec(url);
    if (!m) throw new Error("fake supports PNG data URIs only");
    const bytes = base64ToBytes(m[1]);
    const anchor = doc.activeLayer;
    this.loading = new Promise<void>((resolve) => setTimeout(resolve, this.placeDelayMs))
      .then(() => this.codec.decode(bytes))
      .then((decoded) => {
        // Photopea places by physical size (a PNG without pHYs counts as 72 ppi), shrinks what is
        // larger than the canvas to fit, centres it, and puts it above the active layer.
        const physical = doc.resolution / 72;
        const f = physical * Math.min(1, doc.width / (decoded.width * physical), doc.height / (decoded.height * physical));
        const img = f === 1 ? decoded : scale(decoded, Math.max(1, Math.round(decoded.width * f)), Math.max(1, Math.round(decoded.height * f)));
        const l = new FakeLayer({ name: "Layer", kind: "SMARTOBJECT", image: img }, doc);
        l.x = Math.round((doc.width - img.width) / 2);
        l.y = Math.round((doc.height - img.height) / 2);
        const list = anchor ? siblings(anchor) : doc.layers;
        l.parent = anchor ? anchor.parent : doc;
        list.splice(anchor ? list.indexOf(anchor) : 0, 0, l);
        doc.activeLayer = l;
        doc.record("Place");
      });
  }
}

export interface Behaviour {
  /** Answer nothing at all (not even "done"). */
  silent?: boolean;
  /** Replace every echoed string by garbage with the same prefix. */
  garble?: boolean;
  /** Never let app.open finish. */
  neverPlace?: boolean;
}

/** The whole fake: receives the plugin's messages and answers like Photopea. */
export class FakePhotopea {
  readonly app: FakeApp;
  behaviour: Behaviour = {};
  scriptsRun = 0;

  constructor(opts: FakeOptions) {
    this.app = new FakeApp(opts);
  }

  openDocument(name: string, width: number, height: number, layers: LayerSpec[], activeName?: string, resolution = 72): FakeDocument {
    const d = new FakeDocument(this.app, name, width, height, resolution);
    d.layers = layers.map((s) => new FakeLayer(s, d));
    d.activeLayer = findByName(d.layers, activeName ?? layers[0]?.name ?? "") ?? d.layers[0] ?? null;
    d.record("Open");
    this.app.documents.push(d);
    this.app.activeDocument = d;
    return d;
  }

  receive(message: unknown): void {
    if (this.behaviour.silent) return;
    if (typeof message !== "string") return; // Restyle never sends files
    this.scriptsRun += 1;
    const app = this.app;
    const env = {
      app: this.behaviour.garble
        ? new Proxy(app, { get: (t, k) => (k === "echoToOE" ? (s: string) => t.echoToOE(String(s).replace(/data:.*/, "data:{not json")) : Reflect.get(t, k)) })
        : app,
      LayerKind,
      ElementPlacement,
      SaveOptions,
      NewDocumentMode,
      DocumentFill,
      RasterizeType,
      AnchorPosition,
    };
    if (this.behaviour.neverPlace) app.placeDelayMs = 1e9;
    try {
      // Photopea runs scripts as JavaScript; so does the fake.
      new Function(...Object.keys(env), message)(...Object.values(env));
    } catch (e) {
      console.warn("fake photopea: script threw", e);
    }
    app.emit("done");
  }

  /** A summary for assertions: documents, layers (top to bottom) and History. */
  state(): {
    documents: Array<{ name: string; history: string[]; layers: Array<{ name: string; kind: number | undefined; bounds: number[]; visible: boolean }> }>;
    active: string | null;
  } {
    const flat = (ls: FakeLayer[]): FakeLayer[] => ls.flatMap((l) => [l, ...(l.kids ? flat(l.kids) : [])]);
    return {
      active: this.app.activeDocument?.name ?? null,
      documents: this.app.documents.map((d) => ({
        name: d.name,
        history: [...d.history],
        layers: flat(d.layers).map((l) => ({ name: l.name, kind: l.kind, bounds: l.bounds, visible: l.visible })),
      })),
    };
  }
}

function findByName(ls: FakeLayer[], name: string): FakeLayer | null {
  for (const l of ls) {
    if (l.name === name) return l;
    const c = l.kids ? findByName(l.kids, name) : null;
    if (c) return c;
  }
  return null;
}

function siblings(l: FakeLayer): FakeLayer[] {
  const p = l.parent;
  return p instanceof FakeLayer ? (p.kids ?? []) : p.layers;
}

/** Inserts a detached layer relative to a document or a layer (ElementPlacement semantics). */
function insertAt(l: FakeLayer, relative: FakeDocument | FakeLayer, placement: number | undefined): void {
  if (relative instanceof FakeDocument) {
    l.parent = relative;
    if (placement === ElementPlacement.PLACEATEND) relative.layers.push(l);
    else relative.layers.unshift(l);
    return;
  }
  if (placement === ElementPlacement.INSIDE || placement === ElementPlacement.PLACEATBEGINNING) {
    if (!relative.kids) throw new Error("INSIDE needs a group");
    l.parent = relative;
    relative.kids.unshift(l);
    return;
  }
  const list = siblings(relative);
  l.parent = relative.parent;
  const i = list.indexOf(relative);
  list.splice(placement === ElementPlacement.PLACEAFTER ? i + 1 : i, 0, l);
}

function cloneLayer(l: FakeLayer, dest: Container): FakeLayer {
  const c = new FakeLayer({ name: l.name, image: l.img ? { ...l.img, data: l.img.data.slice() } : null, x: l.x, y: l.y, visible: l.visible }, dest);
  c.typename = l.typename;
  c.kind = l.kind;
  if (l.kids) c.kids = l.kids.map((k) => cloneLayer(k, c));
  return c;
}

/** Bounding box [l, t, r, b] of pixels with alpha > 0, or null. */
function trim(img: Rgba | null): [number, number, number, number] | null {
  if (!img) return null;
  let l = img.width,
    t = img.height,
    r = -1,
    b = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[(y * img.width + x) * 4 + 3] > 0) {
        if (x < l) l = x;
        if (x > r) r = x;
        if (y < t) t = y;
        if (y > b) b = y;
      }
    }
  }
  return r < 0 ? null : [l, t, r + 1, b + 1];
}

function crop(img: Rgba, x0: number, y0: number, w: number, h: number): Rgba {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = x + x0,
        sy = y + y0;
      if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) continue;
      out.set(img.data.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4), (y * w + x) * 4);
    }
  }
  return { width: w, height: h, data: out };
}

function scale(img: Rgba, w: number, h: number): Rgba {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.floor(((y + 0.5) * img.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor(((x + 0.5) * img.width) / w));
      out.set(img.data.subarray((sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4), (y * w + x) * 4);
    }
  }
  return { width: w, height: h, data: out };
}

/** Visible layers, bottom to top, "over" onto a transparent canvas of the document's size. */
function composite(doc: FakeDocument): Rgba {
  const W = doc.width,
    H = doc.height;
  const out = new Float64Array(W * H * 4);
  const draw = (ls: FakeLayer[]) => {
    for (let i = ls.length - 1; i >= 0; i--) {
      const l = ls[i];
      if (!l.visible) continue;
      if (l.kids) {
        draw(l.kids);
        continue;
      }
      const img = l.img;
      if (!img) continue;
      for (let y = 0; y < img.height; y++) {
        const dy = y + l.y;
        if (dy < 0 || dy >= H) continue;
        for (let x = 0; x < img.width; x++) {
          const dx = x + l.x;
          if (dx < 0 || dx >= W) continue;
          const s = (y * img.width + x) * 4,
            d = (dy * W + dx) * 4;
          const a = img.data[s + 3] / 255,
            ba = out[d + 3];
          const oa = a + ba * (1 - a);
          for (let c = 0; c < 3; c++) out[d + c] = oa > 0 ? (img.data[s + c] * a + out[d + c] * ba * (1 - a)) / oa : 0;
          out[d + 3] = oa;
        }
      }
    }
  };
  draw(doc.layers);
  const data = new Uint8Array(W * H * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = Math.round(out[i]);
    data[i + 1] = Math.round(out[i + 1]);
    data[i + 2] = Math.round(out[i + 2]);
    data[i + 3] = Math.round(out[i + 3] * 255);
  }
  return { width: W, height: H, data };
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Solid-colour RGBA image, optionally with a transparent margin (for bounds tests). */
export function solid(width: number, height: number, rgba: [number, number, number, number], margin = 0): Rgba {
  const data = new Uint8Array(width * height * 4);
  for (let y = margin; y < height - margin; y++) {
    for (let x = margin; x < width - margin; x++) data.set(rgba, (y * width + x) * 4);
  }
  return { width, height, data };
}

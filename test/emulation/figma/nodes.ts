/**
 * Scene nodes for the Figma emulation: the subset of the plugin API the sandbox uses, with member
 * types taken from @figma/plugin-typings so a wrong call fails to compile. Behaviour follows the
 * documentation:
 * - relativeTransform is relative to the nearest frame/page ancestor (groups and boolean
 *   operations have no coordinate space), absoluteTransform is the product up the chain;
 * - `fills` exists only on node types that have it (not groups, slices, pages, widgets), reads
 *   back as a frozen array of frozen paints ("making a change to a property requires setting the
 *   entire property"), is stored as a copy, and can be `figma.mixed` on text;
 * - setPluginData with "" removes the key; `removed` turns true on remove();
 * - every change is journaled with how to revert it, so the emulation can undo.
 */
import { PNG } from "pngjs";
import type { Journal } from "./journal";

type Affine = Transform;
const IDENTITY: Affine = [
  [1, 0, 0],
  [0, 1, 0],
];

function mul(m: Affine, n: Affine): Affine {
  return [
    [m[0][0] * n[0][0] + m[0][1] * n[1][0], m[0][0] * n[0][1] + m[0][1] * n[1][1], m[0][0] * n[0][2] + m[0][1] * n[1][2] + m[0][2]],
    [m[1][0] * n[0][0] + m[1][1] * n[1][0], m[1][0] * n[0][1] + m[1][1] * n[1][1], m[1][0] * n[0][2] + m[1][1] * n[1][2] + m[1][2]],
  ];
}

export type EmuType =
  | "PAGE"
  | "FRAME"
  | "GROUP"
  | "RECTANGLE"
  | "ELLIPSE"
  | "VECTOR"
  | "TEXT"
  | "INSTANCE"
  | "BOOLEAN_OPERATION"
  | "COMPONENT"
  | "SECTION"
  | "SLICE"
  | "WIDGET"
  | "LINE";

/** Node types whose typings include MinimalFillsMixin (groups, slices, pages and widgets do not). */
const HAS_FILLS: ReadonlySet<EmuType> = new Set<EmuType>([
  "FRAME",
  "RECTANGLE",
  "ELLIPSE",
  "VECTOR",
  "TEXT",
  "INSTANCE",
  "BOOLEAN_OPERATION",
  "COMPONENT",
  "SECTION",
  "LINE",
]);
const HAS_CHILDREN: ReadonlySet<EmuType> = new Set<EmuType>(["PAGE", "FRAME", "GROUP", "COMPONENT", "SECTION", "BOOLEAN_OPERATION", "INSTANCE"]);
const PAINT_TYPES: ReadonlySet<string> = new Set([
  "SOLID",
  "GRADIENT_LINEAR",
  "GRADIENT_RADIAL",
  "GRADIENT_ANGULAR",
  "GRADIENT_DIAMOND",
  "IMAGE",
  "VIDEO",
  "PATTERN",
]);
const SCALE_MODES: ReadonlySet<string> = new Set(["FILL", "FIT", "CROP", "TILE"]);

/** What every node of one emulated document shares. */
export interface EmuDoc {
  journal: Journal;
  /** Image hashes figma.createImage has handed out. */
  images: ReadonlyMap<string, Uint8Array>;
  /** The value of figma.mixed. */
  mixed: PluginAPI["mixed"];
}

export interface ExportCall {
  nodeId: string;
  settings: ExportSettingsImage;
  width: number;
  height: number;
}

/** A solid-colour PNG of the given size (real bytes, so the sandbox's PNG parsing is exercised). */
export function solidPng(width: number, height: number, rgba: readonly [number, number, number, number] = [200, 80, 40, 255]): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return new Uint8Array(PNG.sync.write(png));
}

/** A solid paint, for scene set-up. */
export function solid(r: number, g: number, b: number, extra: Partial<SolidPaint> = {}): SolidPaint {
  return { type: "SOLID", color: { r, g, b }, ...extra };
}

function frozenPaints(paints: ReadonlyArray<Paint>): ReadonlyArray<Paint> {
  return Object.freeze(paints.map((p) => Object.freeze(structuredClone(p))));
}

export class EmuNode {
  parent: EmuNode | null = null;
  readonly children: EmuNode[] = [];
  removed = false;
  visible = true;
  width = 0;
  height = 0;
  strokesValue: readonly Paint[] = [];
  layoutMode: "NONE" | "HORIZONTAL" | "VERTICAL" = "NONE";
  /** Scene set-up: a mask's own fills only shape what it masks. */
  isMask = false;
  /** Emulated failures: the next insertion into this node throws this message. */
  faultOnInsert?: string;
  /** Emulated failure: an assignment to `fills` throws `message`, after `after` (default 0) that succeed. */
  faultOnFills?: { message: string; after?: number };
  private rel: Affine = IDENTITY;
  private readonly data = new Map<string, string>();
  private fillsValue: ReadonlyArray<Paint> | PluginAPI["mixed"] = Object.freeze([]);
  private positioning: "AUTO" | "ABSOLUTE" = "AUTO";
  /** Replaces the default export (to emulate failures, effects that grow the bounds, and the like). */
  exportOverride?: (settings: ExportSettingsImage) => Promise<Uint8Array>;
  private _name: string;
  /** Present only on types with fills (see the constructor); `"fills" in node` tells them apart as in Figma. */
  declare fills: ReadonlyArray<Paint> | PluginAPI["mixed"];

  constructor(
    readonly id: string,
    readonly type: EmuType,
    name: string,
    private readonly doc: EmuDoc,
  ) {
    this._name = name;
    if (HAS_FILLS.has(type)) {
      Object.defineProperty(this, "fills", {
        enumerable: true,
        get: () => this.fillsValue,
        set: (v: unknown) => this.setFills(v),
      });
    }
    // Figma's node objects take no new properties ("object is not extensible"): `group.fills = …` throws.
    Object.preventExtensions(this);
  }

  private get journal(): Journal {
    return this.doc.journal;
  }

  private setFills(v: unknown): void {
    if (this.faultOnFills && !this.faultOnFills.after) {
      const { message } = this.faultOnFills;
      this.faultOnFills = undefined;
      throw new Error(message);
    }
    if (this.faultOnFills?.after) this.faultOnFills.after--;
    if (!Array.isArray(v)) throw new Error(`in set_fills: Expected an array of paints, got ${typeof v}`);
    for (const p of v as unknown[]) {
      const paint = p as Partial<ImagePaint> | null;
      if (typeof paint !== "object" || paint === null || typeof paint.type !== "string" || !PAINT_TYPES.has(paint.type))
        throw new Error("in set_fills: Invalid paint");
      if (paint.type === "IMAGE") {
        if (!SCALE_MODES.has(paint.scaleMode as string)) throw new Error("in set_fills: Invalid scaleMode");
        if (paint.imageHash !== null && (typeof paint.imageHash !== "string" || !this.doc.images.has(paint.imageHash)))
          throw new Error("in set_fills: Image not found");
      }
    }
    const before = this.fillsValue;
    this.fillsValue = frozenPaints(v as Paint[]);
    this.journal.touch(this.id, "fills", () => (this.fillsValue = before));
  }

  /** Scene set-up: text whose characters are coloured differently reads back as figma.mixed. */
  setMixedFills(): void {
    if (!HAS_FILLS.has(this.type)) throw new Error(`${this.type} has no fills`);
    this.fillsValue = this.doc.mixed;
  }

  get strokes(): readonly Paint[] {
    return this.strokesValue;
  }
  set strokes(v: readonly Paint[]) {
    const before = this.strokesValue;
    this.strokesValue = frozenPaints(v);
    this.journal.touch(this.id, "strokes", () => (this.strokesValue = before));
  }

  get layoutPositioning(): "AUTO" | "ABSOLUTE" {
    return this.positioning;
  }
  set layoutPositioning(v: "AUTO" | "ABSOLUTE") {
    const before = this.positioning;
    this.positioning = v;
    this.journal.touch(this.id, "layoutPositioning", () => (this.positioning = before));
  }

  get name(): string {
    return this._name;
  }
  set name(v: string) {
    const before = this._name;
    this._name = v;
    this.journal.touch(this.id, "name", () => (this._name = before));
  }

  get x(): number {
    return this.rel[0][2];
  }
  get y(): number {
    return this.rel[1][2];
  }

  get relativeTransform(): Affine {
    return this.rel;
  }
  set relativeTransform(t: Affine) {
    const before = this.rel;
    this.rel = [[...t[0]], [...t[1]]] as Affine;
    this.journal.touch(this.id, "relativeTransform", () => (this.rel = before));
  }

  /** The transform children's relativeTransform refers to. */
  coordinateSpace(): Affine {
    if (this.type === "PAGE") return IDENTITY;
    if (this.type === "GROUP" || this.type === "BOOLEAN_OPERATION") return this.parent ? this.parent.coordinateSpace() : IDENTITY;
    return this.absoluteTransform;
  }

  get absoluteTransform(): Affine {
    return this.parent ? mul(this.parent.coordinateSpace(), this.rel) : this.rel;
  }

  get absoluteBoundingBox(): Rect {
    const t = this.absoluteTransform;
    const xs = [0, this.width].flatMap((x) => [0, this.height].map((y) => t[0][0] * x + t[0][1] * y + t[0][2]));
    const ys = [0, this.width].flatMap((x) => [0, this.height].map((y) => t[1][0] * x + t[1][1] * y + t[1][2]));
    return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  }

  resize(w: number, h: number): void {
    const [bw, bh] = [this.width, this.height];
    this.width = w;
    this.height = h;
    this.journal.touch(this.id, "size", () => ((this.width = bw), (this.height = bh)));
  }

  insertChild(index: number, child: EmuNode): void {
    if (this.type === "INSTANCE" || this.insideInstance()) throw new Error("Cannot add children to an instance");
    if (!HAS_CHILDREN.has(this.type)) throw new Error(`${this.type} has no children`);
    if (this.faultOnInsert) {
      const message = this.faultOnInsert;
      this.faultOnInsert = undefined;
      throw new Error(message);
    }
    const from = child.parent;
    const fromIndex = from ? from.children.indexOf(child) : -1;
    const wasRemoved = child.removed;
    child.detach();
    child.parent = this;
    child.removed = false;
    this.children.splice(index, 0, child);
    this.journal.touch(child.id, `insert into ${this.id}@${index}`, () => {
      child.detach();
      // Undoing a creation deletes the node, as Figma's undo does.
      if (from) from.attach(child, fromIndex);
      else child.removed = true;
      if (wasRemoved) child.removed = true;
    });
  }

  appendChild(child: EmuNode): void {
    this.insertChild(this.children.length, child);
  }

  private insideInstance(): boolean {
    for (let a = this.parent; a; a = a.parent) if (a.type === "INSTANCE") return true;
    return false;
  }

  private detach(): void {
    if (this.parent) this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }

  private attach(child: EmuNode, index: number): void {
    child.parent = this;
    child.removed = false;
    this.children.splice(index, 0, child);
  }

  remove(): void {
    const from = this.parent;
    const index = from ? from.children.indexOf(this) : -1;
    this.detach();
    this.removed = true;
    this.journal.touch(this.id, "remove", () => {
      if (from) from.attach(this, index);
      else this.removed = false;
    });
  }

  getPluginData(key: string): string {
    return this.data.get(key) ?? "";
  }
  setPluginData(key: string, value: string): void {
    if (typeof key !== "string" || typeof value !== "string") throw new Error("in setPluginData: Expected strings");
    const before = this.data.get(key);
    // "If you set the value to the empty string, the key/value pair is removed."
    if (value === "") this.data.delete(key);
    else this.data.set(key, value);
    this.journal.touch(this.id, `pluginData ${key}`, () => (before === undefined ? this.data.delete(key) : this.data.set(key, before)));
  }
  getPluginDataKeys(): string[] {
    return [...this.data.keys()];
  }

  /** Everything about this node a user could see change (for "the document is as it was" assertions). */
  state(): Record<string, unknown> {
    return {
      id: this.id,
      type: this.type,
      name: this._name,
      parent: this.parent?.id ?? null,
      index: this.parent ? this.parent.children.indexOf(this) : -1,
      transform: this.rel,
      size: [this.width, this.height],
      fills: typeof this.fillsValue === "symbol" ? "mixed" : this.fillsValue,
      strokes: this.strokesValue,
      layoutPositioning: this.positioning,
      pluginData: Object.fromEntries(this.data),
    };
  }

  exportCalls: ExportCall[] = [];

  /** Size Figma would produce for these settings (constraint applied to the node's box). */
  exportSize(s: ExportSettingsImage): { width: number; height: number } {
    const c = s.constraint ?? { type: "SCALE", value: 1 };
    const k = c.type === "SCALE" ? c.value : c.type === "WIDTH" ? c.value / this.width : c.value / this.height;
    return { width: Math.max(1, Math.round(this.width * k)), height: Math.max(1, Math.round(this.height * k)) };
  }

  async exportAsync(settings: ExportSettingsImage): Promise<Uint8Array> {
    if (this.type === "WIDGET") throw new Error("Widgets cannot be exported");
    const size = this.exportSize(settings);
    this.exportCalls.push({ nodeId: this.id, settings, ...size });
    if (this.exportOverride) return this.exportOverride(settings);
    return solidPng(size.width, size.height);
  }
}

/** The node's fills as an array (fails the test on figma.mixed or a node without fills). */
export function paintsOf(node: EmuNode): ReadonlyArray<Paint> {
  const f: unknown = node.fills;
  if (!Array.isArray(f)) throw new Error(`${node.name} has no fills array`);
  return f as ReadonlyArray<Paint>;
}

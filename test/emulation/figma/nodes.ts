/**
 * Scene nodes for the Figma emulation: the subset of the plugin API the sandbox uses, with member
 * types taken from @figma/plugin-typings so a wrong call fails to compile. Geometry follows the
 * documented rules: relativeTransform is relative to the nearest frame/page ancestor (groups and
 * boolean operations have no coordinate space), absoluteTransform is the product up the chain.
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

export type EmuType = "PAGE" | "FRAME" | "GROUP" | "RECTANGLE" | "TEXT" | "INSTANCE" | "BOOLEAN_OPERATION" | "COMPONENT" | "SECTION" | "WIDGET" | "LINE";

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

export class EmuNode {
  parent: EmuNode | null = null;
  readonly children: EmuNode[] = [];
  removed = false;
  visible = true;
  width = 0;
  height = 0;
  fills: readonly Paint[] = [];
  strokes: readonly Paint[] = [];
  layoutMode: "NONE" | "HORIZONTAL" | "VERTICAL" = "NONE";
  layoutPositioning: "AUTO" | "ABSOLUTE" = "AUTO";
  private rel: Affine = IDENTITY;
  private readonly data = new Map<string, string>();
  /** Replaces the default export (to emulate failures, effects that grow the bounds, and the like). */
  exportOverride?: (settings: ExportSettingsImage) => Promise<Uint8Array>;
  private _name: string;

  constructor(
    readonly id: string,
    readonly type: EmuType,
    name: string,
    private readonly journal: Journal,
  ) {
    this._name = name;
  }

  get name(): string {
    return this._name;
  }
  set name(v: string) {
    this._name = v;
    this.journal.touch(this.id, "name");
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
    this.rel = [[...t[0]], [...t[1]]] as Affine;
    this.journal.touch(this.id, "relativeTransform");
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
    this.width = w;
    this.height = h;
    this.journal.touch(this.id, "size");
  }

  insertChild(index: number, child: EmuNode): void {
    if (this.type === "INSTANCE" || this.insideInstance()) throw new Error("Cannot add children to an instance");
    if (!["PAGE", "FRAME", "GROUP", "COMPONENT", "SECTION", "BOOLEAN_OPERATION"].includes(this.type)) throw new Error(`${this.type} has no children`);
    child.detach();
    child.parent = this;
    this.children.splice(index, 0, child);
    this.journal.touch(child.id, `insert into ${this.id}@${index}`);
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

  remove(): void {
    this.detach();
    this.removed = true;
    this.journal.touch(this.id, "remove");
  }

  getPluginData(key: string): string {
    return this.data.get(key) ?? "";
  }
  setPluginData(key: string, value: string): void {
    this.data.set(key, value);
    this.journal.touch(this.id, `pluginData ${key}`);
  }
  getPluginDataKeys(): string[] {
    return [...this.data.keys()];
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

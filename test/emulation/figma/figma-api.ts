/**
 * An in-memory `figma` global for running the real sandbox code in Node. Only what src/plugin uses
 * is implemented; the object is cast to PluginAPI once, here, because the real interface has
 * hundreds of members the plugin never touches.
 */
import { createHash } from "node:crypto";
import { EmuNode, type EmuDoc, type EmuType } from "./nodes";
import { Journal } from "./journal";

export interface Notification {
  message: string;
  error: boolean;
}

export interface FigmaEmulation {
  figma: PluginAPI;
  page: EmuNode;
  journal: Journal;
  /** Messages the sandbox posted to the UI, after a structured clone (as Figma does). */
  toUi: unknown[];
  notifications: Notification[];
  storage: Map<string, unknown>;
  showUiCalls: Array<{ html: string; options?: ShowUIOptions }>;
  images: Map<string, Uint8Array>;
  viewportScrolledTo: string[][];
  /** Adds a node under `parent` (the page by default) without journaling it: scene set-up for tests. */
  add(
    type: EmuType,
    name: string,
    opts?: { parent?: EmuNode; x?: number; y?: number; width?: number; height?: number; visible?: boolean; fills?: readonly Paint[] },
  ): EmuNode;
  /** The user's Undo (see Journal.undo). */
  undo(): void;
  /** Every node on the page with everything a user could see change, depth first (compare before and after). */
  snapshot(): Array<Record<string, unknown>>;
  select(...nodes: EmuNode[]): void;
  /** Nodes anywhere on the page, depth first. */
  allNodes(): EmuNode[];
  /** The UI's onmessage handler the plugin registered (undefined before startPlugin). */
  uiHandler(): ((msg: unknown) => void) | undefined;
}

export function createFigmaEmulation(): FigmaEmulation {
  const journal = new Journal();
  const images = new Map<string, Uint8Array>();
  const mixed: PluginAPI["mixed"] = Symbol("figma.mixed") as never;
  const doc: EmuDoc = { journal, images, mixed };
  let nextId = 1;
  const byId = new Map<string, EmuNode>();
  const newNode = (type: EmuType, name: string) => {
    const n = new EmuNode(`1:${nextId++}`, type, name, doc);
    byId.set(n.id, n);
    return n;
  };
  const page = newNode("PAGE", "Page 1");
  let selection: EmuNode[] = [];
  const handlers = new Map<string, Array<() => void>>();
  const toUi: unknown[] = [];
  const notifications: Notification[] = [];
  const storage = new Map<string, unknown>();
  const showUiCalls: FigmaEmulation["showUiCalls"] = [];
  const viewportScrolledTo: string[][] = [];
  let onmessage: ((msg: unknown) => void) | undefined;

  const currentPage = {
    get selection() {
      return selection.filter((n) => !n.removed);
    },
    set selection(nodes: EmuNode[]) {
      selection = [...nodes];
      for (const h of handlers.get("selectionchange") ?? []) h();
    },
  };

  const api = {
    mixed,
    currentPage,
    ui: {
      postMessage(msg: unknown) {
        toUi.push(structuredClone(msg));
      },
      get onmessage() {
        return onmessage;
      },
      set onmessage(h: ((msg: unknown) => void) | undefined) {
        onmessage = h;
      },
    },
    clientStorage: {
      async getAsync(key: string) {
        return structuredClone(storage.get(key));
      },
      async setAsync(key: string, value: unknown) {
        storage.set(key, structuredClone(value));
      },
    },
    viewport: {
      scrollAndZoomIntoView(nodes: readonly EmuNode[]) {
        viewportScrolledTo.push(nodes.map((n) => n.id));
      },
    },
    showUI(html: string, options?: ShowUIOptions) {
      showUiCalls.push({ html, options });
    },
    on(event: string, h: () => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), h]);
    },
    notify(message: string, options?: NotificationOptions) {
      notifications.push({ message, error: options?.error ?? false });
    },
    commitUndo() {
      journal.commit();
    },
    async getNodeByIdAsync(id: string) {
      const n = byId.get(id);
      return n && !n.removed ? n : null;
    },
    createImage(bytes: Uint8Array) {
      // The documented failures: "Image is too small", "Image is too large" (past 4096 px a side), "Image type is unsupported".
      const size = imageSize(bytes);
      if (!size) throw new Error("Image type is unsupported");
      if (size.width < 1 || size.height < 1) throw new Error("Image is too small");
      if (size.width > 4096 || size.height > 4096) throw new Error("Image is too large");
      // "A unique hash of the contents of the image file": the same bytes give the same hash.
      const hash = createHash("sha1").update(bytes).digest("hex");
      images.set(hash, bytes);
      return { hash };
    },
    createRectangle() {
      const r = newNode("RECTANGLE", "Rectangle");
      r.resize(100, 100);
      r.fills = [{ type: "SOLID", color: { r: 0.85, g: 0.85, b: 0.85 } }]; // Figma's default grey
      page.appendChild(r); // Figma adds new nodes to the current page
      return r;
    },
  };

  const emu: FigmaEmulation = {
    figma: api as unknown as PluginAPI,
    page,
    journal,
    toUi,
    notifications,
    storage,
    showUiCalls,
    images,
    viewportScrolledTo,
    add(type, name, opts = {}) {
      const n = newNode(type, name);
      if (opts.fills) {
        if (!("fills" in n)) throw new Error(`${type} has no fills`);
        n.fills = opts.fills;
      }
      (opts.parent ?? page).children.push(n);
      n.parent = opts.parent ?? page;
      n.width = opts.width ?? 100;
      n.height = opts.height ?? 100;
      n.visible = opts.visible ?? true;
      const t: Transform = [
        [1, 0, opts.x ?? 0],
        [0, 1, opts.y ?? 0],
      ];
      n.relativeTransform = t;
      journal.pending = []; // set-up is not the plugin's doing
      return n;
    },
    select(...nodes) {
      selection = nodes;
    },
    allNodes() {
      const out: EmuNode[] = [];
      const walk = (n: EmuNode) => n.children.forEach((c) => (out.push(c), walk(c)));
      walk(page);
      return out;
    },
    uiHandler: () => onmessage,
    undo() {
      journal.undo();
    },
    snapshot() {
      return emu.allNodes().map((n) => n.state());
    },
  };
  return emu;
}

/** Width and height from a PNG's IHDR, or a JPEG/GIF signature (size unknown: taken as acceptable); null for anything else. */
function imageSize(b: Uint8Array): { width: number; height: number } | null {
  if (!(b instanceof Uint8Array)) return null;
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 24 && png.every((v, i) => b[i] === v)) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const gif = b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38;
  return jpeg || gif ? { width: 1, height: 1 } : null;
}

/** Installs the emulation as the global `figma` (and `__html__`) the sandbox code reads. */
export function installFigma(emu: FigmaEmulation): void {
  (globalThis as { figma?: PluginAPI }).figma = emu.figma;
  (globalThis as { __html__?: string }).__html__ = "<html>ui</html>";
}

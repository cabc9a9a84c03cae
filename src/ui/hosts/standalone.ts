/**
 * The Host for the standalone page: "layers" are image files the user picked or dropped, one
 * content and one or more styles; the result is downloaded as a PNG. Files are checked from their
 * first bytes (format, size bound) before the browser decodes them.
 */
import type { PanelSettings } from "../../shared/settings";
import { MAX_STYLE_LAYERS, type LayerChoice, type LayerInfo, type PlaceRequest } from "../../shared/layers";
import type { Host } from "./host";
import { HEADER_BYTES, imageFileProblem } from "./image-header";
import { loadLocalSettings, saveLocalSettings, type SettingsStorage } from "./local-settings";

export type FileRole = "content" | "style";

interface Picked {
  id: string;
  name: string;
  blob: Blob;
  width: number;
  height: number;
}

export interface StandaloneHostOptions {
  storage?: SettingsStorage | null;
  /** Saves the result; default: a download link clicked programmatically. */
  download?: (png: Uint8Array, fileName: string) => void;
  onNotify?: (message: string, isError: boolean) => void;
}

export class StandaloneHost implements Host {
  readonly kind = "standalone" as const;
  private readonly opts: StandaloneHostOptions;
  private content: Picked | null = null;
  private styles: Picked[] = [];
  private lastProblem: string | null = null;
  private counter = 0;
  private readonly watchers = new Set<(c: LayerChoice) => void>();

  constructor(opts: StandaloneHostOptions = {}) {
    this.opts = opts;
  }

  /**
   * Checks and adopts files for a role: content takes the first good file; styles replace the
   * previous styles (up to MAX_STYLE_LAYERS). Returns the problems found, also shown to the user.
   */
  async addFiles(role: FileRole, files: ArrayLike<File>): Promise<string[]> {
    const problems: string[] = [];
    const good: Picked[] = [];
    for (const f of Array.from(files)) {
      const r = await this.check(f);
      if ("problem" in r) problems.push(r.problem);
      else good.push(r.picked);
    }
    if (role === "content" && good.length) this.content = good[0];
    if (role === "style" && good.length) {
      if (good.length > MAX_STYLE_LAYERS) problems.push(`Only the first ${MAX_STYLE_LAYERS} style images are used.`);
      this.styles = good.slice(0, MAX_STYLE_LAYERS);
    }
    this.lastProblem = problems.length ? problems.join(" ") : null;
    if (this.lastProblem) this.notify(this.lastProblem, true);
    this.emit();
    return problems;
  }

  private async check(f: File): Promise<{ picked: Picked } | { problem: string }> {
    const head = new Uint8Array(await f.slice(0, HEADER_BYTES).arrayBuffer());
    const r = imageFileProblem(f.name, f.size, head);
    if ("problem" in r) return r;
    // The header can lie (a truncated or corrupt file): make sure the browser can decode it.
    try {
      const bmp = await createImageBitmap(f);
      bmp.close();
    } catch {
      return { problem: `“${f.name}” could not be decoded; the file may be damaged.` };
    }
    this.counter += 1;
    // The file name without its extension names the layer (and so the result: "<content> · <style>.png").
    const name = f.name.replace(/\.[a-z0-9]{2,5}$/i, "") || f.name;
    return { picked: { id: `file-${this.counter}`, name, blob: f, width: r.header.width, height: r.header.height } };
  }

  choice(): LayerChoice {
    const all = [...(this.content ? [this.content] : []), ...this.styles];
    const layers: LayerInfo[] = all.map((p) => ({ id: p.id, name: p.name, width: p.width, height: p.height }));
    const missing = !this.content ? "Pick or drop a content image." : !this.styles.length ? "Pick or drop a style image." : null;
    return {
      layers,
      contentId: this.content?.id ?? null,
      styleIds: this.styles.map((s) => s.id),
      problem: missing ? [this.lastProblem, missing].filter(Boolean).join(" ") : null,
    };
  }

  private emit(): void {
    const c = this.choice();
    for (const w of this.watchers) w(c);
  }

  watchLayers(onChange: (c: LayerChoice) => void): () => void {
    this.watchers.add(onChange);
    queueMicrotask(() => onChange(this.choice()));
    return () => this.watchers.delete(onChange);
  }

  async exportLayer(id: string, maxSide: number): Promise<Uint8Array> {
    const p = [this.content, ...this.styles].find((x) => x?.id === id);
    if (!p) throw new Error("That image is no longer loaded. Pick it again.");
    const bmp = await createImageBitmap(p.blob);
    try {
      const s = Math.min(1, Math.max(1, Math.floor(maxSide)) / Math.max(bmp.width, bmp.height));
      const w = Math.max(1, Math.round(bmp.width * s));
      const h = Math.max(1, Math.round(bmp.height * s));
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext("2d");
      if (!ctx) throw new Error("This browser cannot draw images (no 2D canvas).");
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(bmp, 0, 0, w, h);
      const blob = await canvas.convertToBlob({ type: "image/png" });
      return new Uint8Array(await blob.arrayBuffer());
    } finally {
      bmp.close();
    }
  }

  async placeResult(req: PlaceRequest): Promise<string> {
    const fileName = `${req.name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_").trim() || "restyle"}.png`;
    (this.opts.download ?? downloadPng)(req.png, fileName);
    this.counter += 1;
    return `result-${this.counter}`;
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

function downloadPng(png: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([png.slice().buffer as ArrayBuffer], { type: "image/png" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: the download starts asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

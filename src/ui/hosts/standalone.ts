/**
 * The Host for the standalone page: "layers" are image files the user picked or dropped, one or
 * more contents (a batch) and one or more styles. Results are shown on the page and saved as PNGs
 * that carry their parameters (result-png.ts); such a PNG dropped again as the content brings
 * those parameters back (LayerChoice.recall). Files are checked from their first bytes (format,
 * size bound) before the browser decodes them.
 */
import { gallerySlug, isGalleryId, MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS, type LayerChoice, type LayerInfo, type PlaceRequest } from "../../shared/layers";
import { chunkTypes } from "../../kit/png-text";
import { withResultRecipe } from "../../shared/result-png";
import { presentStyles, type ResultRecipe } from "../../shared/result-recipe";
import type { Host } from "./host";
import { PageHost, type PageHostOptions } from "./page-host";
import { downloadPng, scaledPng } from "./page-images";
import { readPickedFile, type PickedFile } from "./picked-file";
import type { ShownRun } from "./shown-run";

export type FileRole = "content" | "style";
export type { PickedFile };

/** A result shown on the page, saved when the user asks. */
export interface ShownResult {
  id: string;
  name: string;
  fileName: string;
  /** The PNG as it downloads: the result with its record. */
  png: Uint8Array;
  width: number;
  height: number;
  /** The content it was made from, when that file is still loaded (the "before" of the compare slider). */
  content: PickedFile | null;
}

/** What the page shows around the panel. */
export interface PageState {
  contents: readonly PickedFile[];
  styles: readonly PickedFile[];
  /** The last placement: one result, or a batch's results in order. */
  results: readonly ShownResult[];
  /** The run in progress, as the panel hands it over (the Result column shows it in place of the results). */
  run: ShownRun;
  /** The built-in paintings chosen in the panel, by slug (the Style column shows them beside the files). */
  builtIns: readonly string[];
}

export interface StandaloneHostOptions extends PageHostOptions {
  /** Saves a result; default: a download link clicked programmatically. */
  download?: (png: Uint8Array, fileName: string) => void;
}

/** Chunks that make a browser convert colours when it decodes a PNG: such a file is re-encoded as sRGB on export. */
const COLOUR_CHUNKS = new Set(["iCCP", "gAMA", "cHRM"]);

export class StandaloneHost extends PageHost implements Host {
  readonly kind = "standalone" as const;
  private readonly opts: StandaloneHostOptions;
  private contents: PickedFile[] = [];
  private styles: PickedFile[] = [];
  private results: ShownResult[] = [];
  private run: ShownRun = { phase: "idle" };
  private builtIns: string[] = [];
  private lastProblem: string | null = null;
  private counter = 0;
  private readonly watchers = new Set<(c: LayerChoice) => void>();
  private readonly pageWatchers = new Set<(s: PageState) => void>();

  constructor(opts: StandaloneHostOptions = {}) {
    super(opts);
    this.opts = opts;
  }

  /**
   * Checks and adopts files for a role, replacing that role's earlier files: up to
   * MAX_CONTENT_LAYERS contents (several make a batch) or MAX_STYLE_LAYERS styles. Files that
   * cannot be used are skipped and named. Returns the problems found, also shown to the user.
   */
  async addFiles(role: FileRole, files: ArrayLike<File>): Promise<string[]> {
    const problems: string[] = [];
    const good: PickedFile[] = [];
    for (const f of Array.from(files)) {
      const r = await readPickedFile(f, () => `file-${++this.counter}`);
      if ("problem" in r) problems.push(r.problem);
      else {
        good.push(r.picked);
        if (r.note) problems.push(r.note); // used, but its record is not: say why
      }
    }
    const max = role === "content" ? MAX_CONTENT_LAYERS : MAX_STYLE_LAYERS;
    if (good.length > max) problems.push(`Only the first ${max} ${role === "content" ? "content" : "style"} images are used.`);
    if (good.length) {
      if (role === "content") this.contents = good.slice(0, max);
      else this.styles = good.slice(0, max);
    }
    this.lastProblem = problems.length ? problems.join(" ") : null;
    if (this.lastProblem) this.notify(this.lastProblem, true);
    this.emit();
    return problems;
  }

  /** Drops one picked file (the page's per-image clear). */
  remove(id: string): void {
    const before = this.contents.length + this.styles.length;
    this.contents = this.contents.filter((p) => p.id !== id);
    this.styles = this.styles.filter((p) => p.id !== id);
    if (this.contents.length + this.styles.length === before) return;
    this.lastProblem = null;
    this.emit();
  }

  pageState(): PageState {
    return { contents: this.contents, styles: this.styles, results: this.results, run: this.run, builtIns: this.builtIns };
  }

  showRun(run: ShownRun): void {
    const last = this.run;
    // Placing has no progress of its own: the last preview of the same content stays up until the result replaces it.
    const same = run.phase === "running" && last.phase === "running" && last.name === run.name && last.original === run.original;
    this.run = same && !run.preview ? { ...run, preview: last.preview } : run;
    this.emitPage();
  }

  showStyles(styleIds: readonly string[]): void {
    this.builtIns = styleIds.map(gallerySlug).filter((s): s is string => s !== null);
    this.emitPage();
  }

  /** Calls back now and whenever the files or the results change; returns an unsubscribe function. */
  watchPage(onChange: (s: PageState) => void): () => void {
    this.pageWatchers.add(onChange);
    queueMicrotask(() => onChange(this.pageState()));
    return () => this.pageWatchers.delete(onChange);
  }

  choice(): LayerChoice {
    const all = [...this.contents, ...this.styles];
    const layers: LayerInfo[] = all.map((p) => ({
      id: p.id,
      name: p.name,
      width: p.width,
      height: p.height,
      ...(p.thumbnail ? { thumbnail: p.thumbnail } : {}),
    }));
    const missing = !this.contents.length ? "Pick or drop a content image." : null;
    const c: LayerChoice = {
      layers,
      contentId: this.contents[0]?.id ?? null,
      styleIds: this.styles.map((s) => s.id),
      ...(this.contents.length > 1 ? { contentIds: this.contents.map((p) => p.id) } : {}),
      problem: missing ? [this.lastProblem, missing].filter(Boolean).join(" ") : null,
    };
    if (this.contents.length > 1) c.note = `${this.contents.length} content images: one result each, with the same styles.`;
    else if (this.contents.length && !this.styles.length) c.note = "Drop a style image, or pick a built-in painting.";
    // A dropped Restyle result brings back how it was made (one content only: a batch has no single record).
    const rec = this.contents.length === 1 ? this.contents[0].record : null;
    if (rec) {
      c.resultId = this.contents[0].id;
      const { styleIds, goneStyles } = this.recordedStyles(rec);
      // The dropped PNG itself is the content here: it is never gone.
      c.recall = { params: rec.params, mode: "layer", contentGone: false, goneStyles };
      c.styleIds = styleIds;
    }
    return c;
  }

  /** The recorded styles that are here (a loaded style file stands for a recorded style of its name) and those gone. */
  private recordedStyles(rec: ResultRecipe): { styleIds: string[]; goneStyles: number[] } {
    const ids = rec.params.styleNames.map((_, i) => rec.styleIds[i] ?? "");
    return presentStyles(ids, (i) => this.styles.find((s) => s.name === rec.params.styleNames[i])?.id ?? null);
  }

  private emit(): void {
    const c = this.choice();
    for (const w of this.watchers) w(c);
    this.emitPage();
  }

  private emitPage(): void {
    const s = this.pageState();
    for (const w of this.pageWatchers) w(s);
  }

  watchLayers(onChange: (c: LayerChoice) => void): () => void {
    this.watchers.add(onChange);
    queueMicrotask(() => onChange(this.choice()));
    return () => this.watchers.delete(onChange);
  }

  /**
   * A picked file's pixels as PNG. A PNG that needs no scaling and no colour conversion is handed
   * over as it is (the run decodes it once); anything else is drawn and encoded here, because the
   * Host's contract is PNG bytes and only the browser's decoder reads JPEG, WebP, GIF and BMP.
   */
  async exportLayer(id: string, maxSide: number): Promise<Uint8Array> {
    if (isGalleryId(id)) throw new Error("Built-in paintings are not files of this page.");
    const p = [...this.contents, ...this.styles].find((x) => x.id === id);
    if (!p) throw new Error("That image is no longer loaded. Pick it again.");
    const side = Math.max(1, Math.floor(maxSide));
    if (p.format === "png" && Math.max(p.width, p.height) <= side) {
      const bytes = new Uint8Array(await p.blob.arrayBuffer());
      if (!chunkTypes(bytes).some((t) => COLOUR_CHUNKS.has(t))) return bytes;
    }
    const bmp = await createImageBitmap(p.blob);
    try {
      return await scaledPng(bmp, side);
    } finally {
      bmp.close();
    }
  }

  /** Shows the result on the page (replacing the results shown before); it is saved by the page's Download button. */
  async placeResult(req: PlaceRequest): Promise<string> {
    return (await this.placeResults([req]))[0];
  }

  /**
   * Shows a batch's results together: the page's one step is this set, replacing the last one and
   * saved together by "Download all". Every PNG is prepared before any is shown (all or none).
   */
  async placeResults(reqs: PlaceRequest[]): Promise<string[]> {
    const shown = reqs.map((req): ShownResult => {
      // An update of a result still on the page keeps its id, as an editor keeps the layer.
      const earlier = req.replaceId ? this.results.find((r) => r.id === req.replaceId) : undefined;
      return {
        id: earlier?.id ?? `result-${++this.counter}`,
        name: req.name,
        // Characters no file system takes in a name, control characters included.

        fileName: `${req.name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_").trim() || "restyle"}.png`,
        png: withResultRecipe(req.png, req.params, req.styleIds),
        width: req.width,
        height: req.height,
        content: this.contents.find((c) => c.id === req.contentId) ?? null,
      };
    });
    this.results = shown;
    this.emitPage();
    return shown.map((r) => r.id);
  }

  /** Saves one shown result (or all of them) through the download option. */
  download(resultId?: string): number {
    const save = this.opts.download ?? downloadPng;
    const which = resultId === undefined ? this.results : this.results.filter((r) => r.id === resultId);
    for (const r of which) save(r.png, r.fileName);
    return which.length;
  }
}

/** Pure decisions for one run: roles, sizes to export at, engine options, the result's name and record. */
import { AUTO_MAX_DENSITY, autoOutputSide, BOUNDS, DEFAULT_OPTIONS, MAX_OUTPUT_SIDE } from "../../engine/defaults";
import type { StylizeOptions } from "../../engine/types";
import { isGalleryId, MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS, type LayerChoice, type LayerInfo, type Roles } from "../../shared/layers";
import type { ResultParams } from "../../shared/result-params";
import { AUTO_SIZE, DRAFT_SIZE, type PanelSettings } from "../../shared/settings";

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

/**
 * Roles for a batch: every content gets one result, made with the same styles (layer ids and
 * gallery ids, in blend order). A single run is a batch of one.
 */
export interface BatchRoles {
  contentIds: string[];
  styleIds: string[];
}

/** The single-content Roles of each content of a batch, in order. */
export function rolesOf(b: BatchRoles): Roles[] {
  return b.contentIds.map((contentId) => ({ contentId, styleIds: [...b.styleIds] }));
}

export interface ExportSides {
  /** Long side of the content export and of the output: the size painted (see outputSide), within Figma's image limit. */
  content: number;
  /** The most a style export may have: what the finest scale sees of a style (the output × styleScale). */
  style: number;
  /** The first (coarsest) scale's long side; finer scales double up to `content`. */
  workingSize: number;
  /** The screen density layers are exported at (Auto's, up to 2×): style layers follow it too (styleExportSide). */
  density: number;
}

/** The long side painted: Auto and Draft follow the layer (autoOutputSide), 0 is its own size, else the size asked. */
export function outputSide(size: number, layerLongSide: number, pixelRatio = 1): number {
  const own = Math.ceil(layerLongSide);
  const asked =
    size === AUTO_SIZE
      ? autoOutputSide(own, pixelRatio)
      : size === DRAFT_SIZE
        ? autoOutputSide(own, pixelRatio, DEFAULT_OPTIONS.workingSize)
        : size > 0
          ? size
          : own;
  return Math.max(1, Math.min(asked, MAX_OUTPUT_SIDE));
}

/** `pixelRatio`: the screen's density, which Auto follows (up to 2×). */
export function exportSides(settings: PanelSettings, content: LayerInfo, pixelRatio = 1): ExportSides {
  const out = outputSide(settings.size, Math.max(content.width, content.height), pixelRatio);
  const workingSize = clamp(Math.min(out, DEFAULT_OPTIONS.workingSize), BOUNDS.workingSize);
  const style = clamp(Math.ceil(out * settings.styleScale), [BOUNDS.workingSize[0], MAX_OUTPUT_SIDE]);
  const density = Number.isFinite(pixelRatio) ? clamp(pixelRatio, [1, AUTO_MAX_DENSITY]) : 1;
  return { content: out, style, workingSize, density };
}

/**
 * A style layer's export side: its own size (at the screen's density, as the content's), never
 * more than the finest scale can use: a style is never upsampled past its own pixels, so the brush
 * keeps its painted size.
 */
export function styleExportSide(sides: ExportSides, style: LayerInfo): number {
  return Math.min(sides.style, autoOutputSide(Math.max(style.width, style.height), sides.density));
}

/** A re-run after a strength change starts from the result, so it needs only a third of the steps. */
export function warmIterations(iterations: number): number {
  return Math.max(BOUNDS.iterations[0], Math.round(iterations / 3));
}

export function stylizeOptions(settings: PanelSettings, sides: ExportSides, warm: boolean): Partial<StylizeOptions> {
  return {
    preset: settings.preset,
    strength: clamp(settings.strength, BOUNDS.strength),
    // Auto and Draft are decided here (the engine knows sizes, not screens): the side asked of the host.
    size: sides.content,
    workingSize: sides.workingSize,
    iterations: warm ? warmIterations(settings.iterations) : clamp(Math.round(settings.iterations), BOUNDS.iterations),
    preserveColors: settings.preserveColors,
    styleScale: clamp(settings.styleScale, BOUNDS.styleScale),
    seed: DEFAULT_OPTIONS.seed,
    // The engine's default cadence: a preview's first read compiles programs, which at a faster
    // cadence would land on the panel's thread after the warm-up (where the engine shares it).
    previewEvery: DEFAULT_OPTIONS.previewEvery,
  };
}

/**
 * What the result records (see result-params.ts): the settings as the user set them (iterations
 * too, so recalling a warm update re-runs a whole run), the seed, and the sources' names.
 */
export function resultParams(
  settings: PanelSettings,
  sides: ExportSides,
  names: { content: string; styles: readonly string[] },
  run: { backend: string; warmStart: boolean; styleWeights: readonly number[] },
): ResultParams {
  const o = stylizeOptions(settings, sides, false);
  return {
    strength: o.strength!,
    preset: settings.preset,
    size: settings.size,
    iterations: o.iterations!,
    preserveColors: settings.preserveColors,
    styleScale: o.styleScale!,
    styleWeights: [...run.styleWeights],
    seed: o.seed!,
    contentName: names.content,
    styleNames: [...names.styles],
    workingSize: sides.workingSize,
    backend: run.backend,
    warmStart: run.warmStart,
  };
}

/**
 * The settings a recalled result was made with, over the current ones (facts about the run are not
 * settings). The styles still there keep the recorded order, so the weights of the gone ones
 * (by index) are dropped to keep the others in place.
 */
export function settingsFromRecall(settings: PanelSettings, p: ResultParams, goneStyles: readonly number[] = []): PanelSettings {
  const styleWeights = p.styleWeights.filter((_, i) => !goneStyles.includes(i));
  return {
    ...settings,
    strength: p.strength,
    preset: p.preset,
    size: p.size,
    iterations: p.iterations,
    preserveColors: p.preserveColors,
    styleScale: p.styleScale,
    styleWeights,
  };
}

/** Blend weight of the style at position i (1 when never set). */
export function styleWeight(settings: PanelSettings, i: number): number {
  const w = settings.styleWeights[i];
  return typeof w === "number" && Number.isFinite(w) ? clamp(w, BOUNDS.styleWeight) : 1;
}

/** "<content> · <style>", several styles joined with " + ". */
export function resultName(content: string, styles: readonly string[]): string {
  return `${content} · ${styles.join(" + ")}`;
}

/**
 * Roles to show for a new choice: the user's last roles when their layers are exactly these
 * layers, else the host's default. Gallery styles the user picked stay picked (`keepGallery`).
 */
export function resolveRoles(choice: LayerChoice, last?: Roles, keepGallery: readonly string[] = []): BatchRoles | null {
  const ids = new Set(choice.layers.map((l) => l.id));
  const layerStyles = (s: readonly string[]) => s.filter((id) => !isGalleryId(id));
  const withGallery = (styles: string[]) => [...styles, ...keepGallery.filter((g) => !styles.includes(g))].slice(0, MAX_STYLE_LAYERS);
  if (last && !choice.resultId) {
    const ls = layerStyles(last.styleIds);
    if (ids.has(last.contentId) && ls.every((s) => ids.has(s)) && ls.length + 1 === ids.size && !ls.includes(last.contentId)) {
      return { contentIds: [last.contentId], styleIds: withGallery([...last.styleIds]) };
    }
  }
  if (!choice.contentId) return null;
  const contentIds = [choice.contentId, ...(choice.contentIds ?? []).filter((c) => c !== choice.contentId && ids.has(c))].slice(0, MAX_CONTENT_LAYERS);
  const styles = choice.styleIds.filter((s) => !contentIds.includes(s));
  // A recalled result brings its own styles, gallery ones included; elsewhere the user's gallery picks stay.
  return { contentIds, styleIds: choice.resultId ? styles : withGallery(styles) };
}

/** Makes `id` the only content; the old content becomes a style in its place. */
export function makeContent(roles: BatchRoles, id: string): BatchRoles {
  if (roles.contentIds.length === 1 && roles.contentIds[0] === id) return roles;
  const wasStyle = roles.styleIds.includes(id);
  const others = roles.contentIds.filter((c) => c !== id);
  const styleIds = wasStyle ? roles.styleIds.map((s) => (s === id ? (others[0] ?? s) : s)) : roles.styleIds;
  return { contentIds: [id], styleIds: [...new Set([...styleIds, ...others.slice(wasStyle ? 1 : 0)])].slice(0, MAX_STYLE_LAYERS) };
}

/**
 * Sets one layer's role, keeping every other layer's: a content becomes a style (appended) or a
 * style a content (one more result in the batch). Refused (unchanged) past the limits, or when
 * it would leave no content.
 */
export function setRole(roles: BatchRoles, id: string, role: "content" | "style"): BatchRoles {
  const isContent = roles.contentIds.includes(id);
  if (role === "content") {
    if (isContent || roles.contentIds.length >= MAX_CONTENT_LAYERS) return roles;
    return { contentIds: [...roles.contentIds, id], styleIds: roles.styleIds.filter((s) => s !== id) };
  }
  if (roles.styleIds.includes(id) || roles.styleIds.length >= MAX_STYLE_LAYERS) return roles;
  if (isContent && roles.contentIds.length === 1) return roles;
  return { contentIds: roles.contentIds.filter((c) => c !== id), styleIds: [...roles.styleIds, id] };
}

/** Adds or removes a gallery style (refused past MAX_STYLE_LAYERS). */
export function toggleStyle(roles: BatchRoles, styleId: string): BatchRoles {
  if (roles.styleIds.includes(styleId)) return { ...roles, styleIds: roles.styleIds.filter((s) => s !== styleId) };
  if (roles.styleIds.length >= MAX_STYLE_LAYERS) return roles;
  return { ...roles, styleIds: [...roles.styleIds, styleId] };
}

/** Style weights kept with their styles when the style list changes (a removed style takes its weight along). */
export function carryWeights(settings: PanelSettings, before: readonly string[], after: readonly string[]): number[] {
  return after.map((id) => {
    const i = before.indexOf(id);
    return i >= 0 ? styleWeight(settings, i) : 1;
  });
}

/**
 * Time left for a whole batch: the current layer's own estimate plus, for each layer still to
 * come, the mean time the finished layers took (before any has finished, the current one's
 * elapsed + remaining). NaN while the current layer's estimate is unknown.
 */
export function batchEtaMs(layerEtaMs: number, layerElapsedMs: number, finishedMs: readonly number[], index: number, count: number): number {
  if (!Number.isFinite(layerEtaMs)) return Number.NaN;
  const perLayer = finishedMs.length ? finishedMs.reduce((a, b) => a + b, 0) / finishedMs.length : layerElapsedMs + layerEtaMs;
  return layerEtaMs + Math.max(0, count - index - 1) * perLayer;
}

/** "About 12 s left" / "About 3 min left"; empty while unknown. */
export function formatTimeLeft(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `About ${s} s left`;
  return `About ${Math.round(s / 60)} min left`;
}

/** Pure decisions for one run: sizes to export at, engine options, the result's name and record. */
import { BOUNDS, DEFAULT_OPTIONS, MAX_OUTPUT_SIDE } from "../../engine/defaults";
import type { StylizeOptions } from "../../engine/types";
import type { LayerChoice, LayerInfo } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

export interface Roles {
  contentId: string;
  styleIds: string[];
}

export interface ExportSides {
  /** Long side for the content export: the output size (the content's own size when 0), capped by Figma's image limit. */
  content: number;
  /** Long side for style exports: the working size scaled by styleScale; more would be thrown away. */
  style: number;
  workingSize: number;
}

export function exportSides(settings: PanelSettings, content: LayerInfo): ExportSides {
  const own = Math.ceil(Math.max(content.width, content.height));
  const out = Math.min(settings.size > 0 ? settings.size : own, MAX_OUTPUT_SIDE);
  const workingSize = clamp(Math.min(out, DEFAULT_OPTIONS.workingSize), BOUNDS.workingSize);
  const style = clamp(Math.ceil(workingSize * settings.styleScale), [BOUNDS.workingSize[0], MAX_OUTPUT_SIDE]);
  return { content: Math.max(1, out), style, workingSize };
}

/** A re-run after a strength change starts from the result, so it needs only a third of the steps. */
export function warmIterations(iterations: number): number {
  return Math.max(BOUNDS.iterations[0], Math.round(iterations / 3));
}

export function stylizeOptions(settings: PanelSettings, sides: ExportSides, warm: boolean): Partial<StylizeOptions> {
  return {
    preset: settings.preset,
    strength: clamp(settings.strength, BOUNDS.strength),
    size: settings.size,
    workingSize: sides.workingSize,
    iterations: warm ? warmIterations(settings.iterations) : clamp(Math.round(settings.iterations), BOUNDS.iterations),
    preserveColors: settings.preserveColors,
    styleScale: clamp(settings.styleScale, BOUNDS.styleScale),
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

/** Roles to show for a new choice: the user's last roles when they cover exactly these layers, else the host's default. */
export function resolveRoles(choice: LayerChoice, last?: Roles): Roles | null {
  const ids = new Set(choice.layers.map((l) => l.id));
  if (last && ids.has(last.contentId) && last.styleIds.every((s) => ids.has(s)) && last.styleIds.length + 1 === ids.size && !last.styleIds.includes(last.contentId)) {
    return { contentId: last.contentId, styleIds: [...last.styleIds] };
  }
  if (!choice.contentId) return null;
  return { contentId: choice.contentId, styleIds: choice.styleIds.filter((s) => s !== choice.contentId) };
}

/** Makes `id` the content; the old content becomes a style in its place. */
export function makeContent(roles: Roles, id: string): Roles {
  if (id === roles.contentId) return roles;
  return { contentId: id, styleIds: roles.styleIds.map((s) => (s === id ? roles.contentId : s)) };
}

/** "About 12 s left" / "About 3 min left"; empty while unknown. */
export function formatTimeLeft(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `About ${s} s left`;
  return `About ${Math.round(s / 60)} min left`;
}

/** What the panel remembers between sessions (Figma: clientStorage; elsewhere: localStorage when available). */
import { BOUNDS, DEFAULT_OPTIONS } from "../engine/defaults";
import type { PresetName } from "../engine/types";

export interface PanelSettings {
  strength: number;
  preset: PresetName;
  size: number;
  iterations: number;
  preserveColors: boolean;
  styleScale: number;
  /** Blend weight per style, by position. */
  styleWeights: number[];
  /** Roles the user picked last time; reapplied when the same layers are offered again. */
  lastRoles?: { contentId: string; styleIds: string[] };
}

export const DEFAULT_SETTINGS: PanelSettings = {
  strength: DEFAULT_OPTIONS.strength,
  preset: DEFAULT_OPTIONS.preset,
  size: DEFAULT_OPTIONS.size,
  iterations: DEFAULT_OPTIONS.iterations,
  preserveColors: DEFAULT_OPTIONS.preserveColors,
  styleScale: DEFAULT_OPTIONS.styleScale,
  styleWeights: [],
};

const clampTo = (v: unknown, [lo, hi]: readonly [number, number], fallback: number): number =>
  typeof v === "number" && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;

/** Remembered roles from storage are only trusted in their exact shape (the panel iterates styleIds). */
function validRoles(r: unknown): r is NonNullable<PanelSettings["lastRoles"]> {
  if (typeof r !== "object" || r === null) return false;
  const { contentId, styleIds } = r as Record<string, unknown>;
  return typeof contentId === "string" && Array.isArray(styleIds) && styleIds.every((id) => typeof id === "string");
}

/** Stored settings merged over the defaults, every number pulled back inside its bound (old versions, hand edits). */
export function sanitizeSettings(s: Partial<PanelSettings>): PanelSettings {
  const d = DEFAULT_SETTINGS;
  return {
    strength: clampTo(s.strength, BOUNDS.strength, d.strength),
    preset: s.preset === "full" || s.preset === "lite" ? s.preset : d.preset,
    size: Math.round(clampTo(s.size, BOUNDS.size, d.size)),
    iterations: Math.round(clampTo(s.iterations, BOUNDS.iterations, d.iterations)),
    preserveColors: typeof s.preserveColors === "boolean" ? s.preserveColors : d.preserveColors,
    styleScale: clampTo(s.styleScale, BOUNDS.styleScale, d.styleScale),
    styleWeights: Array.isArray(s.styleWeights) ? s.styleWeights.map((w) => clampTo(w, BOUNDS.styleWeight, 1)) : [],
    ...(validRoles(s.lastRoles) ? { lastRoles: { contentId: s.lastRoles.contentId, styleIds: [...s.lastRoles.styleIds] } } : {}),
  };
}

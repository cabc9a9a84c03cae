/**
 * What the panel remembers between sessions (Figma: clientStorage, through the sandbox; elsewhere:
 * localStorage when available), and the one place that says what a stored or sent value may be.
 */
import { BOUNDS, DEFAULT_OPTIONS } from "../engine/defaults";
import type { PresetName } from "../engine/types";
import { isBool, isNum, isObj } from "../kit/guards";
import { isPlaceMode, isRoles, type PlaceMode, type Roles } from "./layers";
import { MAX_STYLE_LAYERS } from "./limits";
import { RUN_SETTINGS_CHECKS, type RunSettings } from "./result-params";

/** The networks as the panel names them: the one place their words live. */
export const NETWORK_NAMES: Readonly<Record<PresetName, string>> = { lite: "Fast (Lite)", full: "Detailed (Full)" };

/**
 * The output size "Auto" (the default): the layer's own size, at up to 2× on a high-density
 * screen, up to 4096 px, painted at that size (autoOutputSide in engine/defaults.ts). Stored and
 * recorded as this number; 0 is the layer's own size, exactly; a positive number a long side in px.
 */
export const AUTO_SIZE = -1;
/** "Draft": Auto capped at the working size, so the run is one scale (the fast run). */
export const DRAFT_SIZE = -2;
/** Sizes that follow the layer, each stored as its own number. */
const isNamedSize = (v: unknown) => v === AUTO_SIZE || v === DRAFT_SIZE;

export interface PanelSettings extends RunSettings {
  /** Show each result with Place / Discard before it reaches the document (absent: off; sanitizeSettings fills it in). */
  reviewFirst?: boolean;
  /** How results enter the document where the host offers a choice (Host.placeModes); absent: "layer". */
  placeMode?: PlaceMode;
  /** Roles the user picked last time; reapplied when the same layers are offered again. */
  lastRoles?: Roles;
}

/** The storage key (Figma's clientStorage and Web Storage alike); a new shape gets a new key. */
export const SETTINGS_KEY = "restyle.settings.v1";

export const DEFAULT_SETTINGS: PanelSettings = {
  strength: DEFAULT_OPTIONS.strength,
  preset: DEFAULT_OPTIONS.preset,
  size: AUTO_SIZE,
  iterations: DEFAULT_OPTIONS.iterations,
  preserveColors: DEFAULT_OPTIONS.preserveColors,
  styleScale: DEFAULT_OPTIONS.styleScale,
  styleWeights: [],
  reviewFirst: false,
  placeMode: "layer",
};

/** The type each key must have, wherever settings come from. */
const CHECKS: { [K in keyof PanelSettings]-?: (v: unknown) => boolean } = {
  ...RUN_SETTINGS_CHECKS,
  reviewFirst: isBool,
  placeMode: isPlaceMode,
  lastRoles: isRoles,
};

/** Settings are loose on purpose (old versions stored fewer keys); each present key must have the right type. */
export function isPartialSettings(x: unknown): x is Partial<PanelSettings> {
  return isObj(x) && Object.entries(CHECKS).every(([k, ok]) => x[k] === undefined || ok(x[k]));
}

/** Keys a complete settings object may still lack (added after the first version, or only sometimes known). */
const OPTIONAL: ReadonlySet<keyof PanelSettings> = new Set(["lastRoles", "reviewFirst", "placeMode"]);

/** Every key but the optional ones present, each of the right type. */
export function isSettings(x: unknown): x is PanelSettings {
  return isPartialSettings(x) && (Object.keys(CHECKS) as Array<keyof PanelSettings>).every((k) => OPTIONAL.has(k) || x[k] !== undefined);
}

const clampTo = (v: unknown, [lo, hi]: readonly [number, number], fallback: number): number => (isNum(v) ? Math.min(hi, Math.max(lo, v)) : fallback);

/** Stored settings merged over the defaults, every number pulled back inside its bound (old versions, hand edits). */
export function sanitizeSettings(s: Partial<PanelSettings>): PanelSettings {
  const d = DEFAULT_SETTINGS;
  return {
    strength: clampTo(s.strength, BOUNDS.strength, d.strength),
    preset: CHECKS.preset(s.preset) ? (s.preset as PresetName) : d.preset,
    size: isNamedSize(s.size) ? (s.size as number) : Math.round(clampTo(s.size, BOUNDS.size, d.size)),
    iterations: Math.round(clampTo(s.iterations, BOUNDS.iterations, d.iterations)),
    preserveColors: isBool(s.preserveColors) ? s.preserveColors : d.preserveColors,
    styleScale: clampTo(s.styleScale, BOUNDS.styleScale, d.styleScale),
    // One bad weight falls back alone, so the others keep their positions.
    styleWeights: Array.isArray(s.styleWeights) ? s.styleWeights.slice(0, MAX_STYLE_LAYERS).map((w) => clampTo(w, BOUNDS.styleWeight, 1)) : [],
    reviewFirst: isBool(s.reviewFirst) ? s.reviewFirst : d.reviewFirst,
    placeMode: isPlaceMode(s.placeMode) ? s.placeMode : d.placeMode,
    ...(isRoles(s.lastRoles) ? { lastRoles: { contentId: s.lastRoles.contentId, styleIds: s.lastRoles.styleIds.slice(0, MAX_STYLE_LAYERS) } } : {}),
  };
}

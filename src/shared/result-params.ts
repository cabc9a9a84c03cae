/**
 * What a result records about how it was made (Figma pluginData, the standalone page's PNG tEXt
 * chunk), so that selecting or dropping it again shows those parameters and can re-run them.
 * One reader for every place a record comes back from: records outlive versions and can be edited.
 */
import type { PresetName } from "../engine/types";
import { MAX_NAME_CHARS } from "../engine/defaults";
import { boundText } from "./bound-text";
import { isBool, isNum, isObj, isStr, isStrArray } from "../kit/guards";
import { recordedStylesProblem } from "./limits";

/** The settings a run is made with: what the panel keeps (PanelSettings) and what a result records. */
export interface RunSettings {
  strength: number;
  preset: PresetName;
  /** Output long side: AUTO_SIZE or DRAFT_SIZE (settings.ts), 0 (the layer's own size) or px. */
  size: number;
  iterations: number;
  preserveColors: boolean;
  styleScale: number;
  /** Blend weight per style, by position (in a record: the order of its styleIds). */
  styleWeights: number[];
}

/** The type each run setting must have, wherever it comes from. */
export const RUN_SETTINGS_CHECKS: { [K in keyof RunSettings]-?: (v: unknown) => boolean } = {
  strength: isNum,
  preset: (v) => v === "lite" || v === "full",
  size: isNum,
  iterations: isNum,
  preserveColors: isBool,
  styleScale: isNum,
  styleWeights: (v) => Array.isArray(v) && v.every(isNum),
};

export interface ResultParams extends RunSettings {
  /** The optimiser's seed: part of what makes the same inputs give the same pixels. */
  seed: number;
  /** Names of the content and the styles when the result was made, to name a source that is gone (gallery styles by title). */
  contentName: string;
  styleNames: string[];
  /** Facts about the run, shown but not re-applied. */
  workingSize?: number;
  backend?: string;
  warmStart?: boolean;
}

const CHECKS: { [K in keyof ResultParams]-?: (v: unknown) => boolean } = {
  ...RUN_SETTINGS_CHECKS,
  seed: isNum,
  contentName: isStr,
  styleNames: isStrArray,
  workingSize: (v) => v === undefined || isNum(v),
  backend: (v) => v === undefined || isStr(v),
  warmStart: (v) => v === undefined || isBool(v),
};

/**
 * The record's parameters rebuilt from known keys only, or null when any is missing or of the
 * wrong type, or when it lists more styles than Restyle uses (recordedStylesProblem). Names are
 * cut to MAX_NAME_CHARS and cleaned: they are shown, and a record can be edited.
 */
export function parseResultParams(x: unknown): ResultParams | null {
  if (!isObj(x)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, ok] of Object.entries(CHECKS)) {
    if (!ok(x[k])) return null;
    if (x[k] !== undefined) out[k] = x[k];
  }
  const p = out as unknown as ResultParams;
  if (recordedStylesProblem(Math.max(p.styleNames.length, p.styleWeights.length))) return null;
  return {
    ...p,
    contentName: boundText(p.contentName, MAX_NAME_CHARS),
    styleNames: p.styleNames.map((n) => boundText(n, MAX_NAME_CHARS)),
    ...(p.backend !== undefined ? { backend: boundText(p.backend, MAX_NAME_CHARS) } : {}),
  };
}

/** What the panel remembers between sessions (Figma: clientStorage; elsewhere: localStorage when available). */
import { DEFAULT_OPTIONS } from "../engine/defaults";
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

/** The conv layers each preset's weights must hold: everything up to the deepest layer it taps. */
import { PRESETS } from "../../engine/defaults";
import { layersUpTo, tapsOf } from "../../engine/layers";
import type { PresetName } from "../../engine/types";

export function presetLayers(preset: PresetName): string[] {
  const p = PRESETS[preset];
  return layersUpTo(tapsOf(p.styleLayers, p.contentLayer)).map((l) => l.name);
}

export const PRESET_NAMES: readonly PresetName[] = ["lite", "full"];

/**
 * Analytic FLOPs of one Gatys iteration (forward to the deepest tap + backward to the pixels,
 * frozen weights), as ../shared/bench/flops.py counts them: conv 2·H·W·9·Cin·Cout forward and
 * the same again for the input gradient; Gram 2·HW·C² forward and twice that backward.
 */
import { PRESETS } from "./defaults";
import { layerSizes, tapsOf } from "./layers";
import type { PresetName } from "./types";

export function iterationFlops(preset: PresetName, width: number, height = width): number {
  const spec = PRESETS[preset];
  let total = 0;
  for (const { layer: l, width: w, height: h } of layerSizes(tapsOf(spec.styleLayers, spec.contentLayer), width, height)) {
    const conv = 2 * h * w * 9 * l.inChannels * l.outChannels;
    total += 2 * conv;
    if (l.name in spec.styleLayers) total += 3 * 2 * h * w * l.outChannels ** 2;
  }
  return total;
}

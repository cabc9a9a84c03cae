/**
 * Analytic FLOPs of one Gatys iteration (forward to the deepest tap + backward to the pixels,
 * frozen weights), as ../shared/bench/flops.py counts them: conv 2·H·W·9·Cin·Cout forward and
 * the same again for the input gradient; Gram 2·HW·C² forward and twice that backward.
 */
import { PRESETS } from "../src/engine/defaults";
import { layersUpTo } from "../src/engine/layers";
import type { PresetName } from "../src/engine/types";

export function iterationFlops(preset: PresetName, width: number, height = width): number {
  const spec = PRESETS[preset];
  const styleLayers = Object.keys(spec.styleLayers);
  const layers = layersUpTo([...styleLayers, spec.contentLayer]);
  let h = height;
  let w = width;
  let total = 0;
  for (const l of layers) {
    const conv = 2 * h * w * 9 * l.inChannels * l.outChannels;
    total += 2 * conv;
    if (styleLayers.includes(l.name)) total += 3 * 2 * h * w * l.outChannels ** 2;
    if (l.poolAfter) {
      h = Math.floor(h / 2);
      w = Math.floor(w / 2);
    }
  }
  return total;
}

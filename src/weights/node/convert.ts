/**
 * Turns a source's layers into every preset it can fill, and says which it could not and why.
 * A source lacking layers (e.g. ../shared/vgg19 has blocks 1–3 only) still yields the lite preset.
 */
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import type { WeightDtype } from "../core/manifest";
import type { LayerSource } from "../core/layer-source";
import { packPreset } from "../core/pack-preset";
import { PRESET_NAMES, presetLayers } from "../core/preset-layers";
import { writePresetDir } from "./write-preset-dir";

export interface ConvertReport {
  built: Array<{ preset: PresetName; dir: string; bytes: number; layers: number }>;
  skipped: Array<{ preset: PresetName; missing: string[] }>;
}

export async function convertSource(src: LayerSource, opts: { out: string; dtype: WeightDtype; source: string; log: (line: string) => void }): Promise<ConvertReport> {
  const report: ConvertReport = { built: [], skipped: [] };
  for (const preset of PRESET_NAMES) {
    const layers = presetLayers(preset);
    const missing = layers.filter((l) => !src.has(l));
    if (missing.length) {
      report.skipped.push({ preset, missing });
      opts.log(`Could not build the ${preset} preset: the source lacks ${missing.join(", ")}.`);
      continue;
    }
    const packed = await packPreset(preset, layers, src, opts.dtype, opts.source);
    const dir = writePresetDir(opts.out, packed);
    const bytes = [...packed.files.values()].reduce((s, b) => s + b.length, 0);
    report.built.push({ preset, dir, bytes, layers: layers.length });
    opts.log(`Built ${preset}: ${layers.length} layers (${layers[0]}…${layers[layers.length - 1]}), ${opts.dtype}, ${(bytes / 1e6).toFixed(2)} MB → ${dir}`);
  }
  if (!report.built.length) {
    const need = report.skipped.find((s) => s.preset === "lite")?.missing ?? [];
    throw new RestyleError("weights-missing", `The source has too few layers to build any preset (missing ${need.join(", ")}).`, opts.source);
  }
  return report;
}

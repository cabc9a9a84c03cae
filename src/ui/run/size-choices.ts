/**
 * The output size menu, as data: Auto (the layer's size at the screen's density) and "Up to 512 px"
 * (Auto capped at the working size: the quick size the Detail choice's Draft sets) first, then fixed sides. A fixed side above a chosen layer's Auto size would make the
 * host enlarge the layer before it is painted, so the menu says "upscaled" there.
 */
import { DEFAULT_OPTIONS, MAX_OUTPUT_SIDE } from "../../engine/defaults";
import type { LayerInfo } from "../../shared/layers";
import { AUTO_SIZE, DRAFT_SIZE } from "../../shared/settings";
import { outputSide } from "./plan";

export const FIXED_SIZES: readonly number[] = [512, 1024, 2048, MAX_OUTPUT_SIDE];

export interface SizeChoice {
  value: number;
  label: string;
  title: string;
}

/** DRAFT_SIZE in words: "Draft" is the Detail choice's name, so the size says what it is. */
const QUICK_LABEL = `Up to ${DEFAULT_OPTIONS.workingSize} px`;

/** The size in words, as a recalled result's record shows it. */
export function sizeName(size: number): string {
  return size === AUTO_SIZE ? "Auto" : size === DRAFT_SIZE ? QUICK_LABEL : size > 0 ? `${size} px` : "Layer’s own size";
}

/** " · 2880 px" when every chosen layer comes out at that side, else nothing. */
function sideOf(size: number, layers: readonly LayerInfo[], pixelRatio: number): string {
  const sides = new Set(layers.map((l) => outputSide(size, Math.max(l.width, l.height), pixelRatio)));
  return sides.size === 1 ? ` · ${[...sides][0]} px` : "";
}

/** The menu for these contents (none yet: no sides shown); the current size stays in it whatever it is. */
export function sizeChoices(current: number, layers: readonly LayerInfo[], pixelRatio = 1): SizeChoice[] {
  const autoSides = layers.map((l) => outputSide(AUTO_SIZE, Math.max(l.width, l.height), pixelRatio));
  const smallest = autoSides.length ? Math.min(...autoSides) : Infinity;
  const fixed = FIXED_SIZES.includes(current) || current <= 0 ? FIXED_SIZES : [...FIXED_SIZES, current].sort((a, b) => a - b);
  return [
    {
      value: AUTO_SIZE,
      label: `Auto${sideOf(AUTO_SIZE, layers, pixelRatio)}`,
      title: `The layer’s size (2× on a high-density screen), up to ${MAX_OUTPUT_SIDE} px, painted at that size`,
    },
    {
      value: DRAFT_SIZE,
      label: `${QUICK_LABEL}${sideOf(DRAFT_SIZE, layers, pixelRatio).replace(` · ${DEFAULT_OPTIONS.workingSize} px`, "")}`,
      title: `The layer’s size, up to ${DEFAULT_OPTIONS.workingSize} px: one quick pass (Detail: Draft picks it)`,
    },
    ...fixed.map((s) =>
      s > smallest
        ? {
            value: s,
            label: `${s} px · upscaled`,
            title: `Larger than the layer at this screen’s density (${smallest} px): the layer is enlarged, then painted at ${s} px`,
          }
        : { value: s, label: `${s} px`, title: `Painted at ${s} px on the long side` },
    ),
    { value: 0, label: "Layer’s own size", title: "The layer’s size in the document, exactly" },
  ];
}

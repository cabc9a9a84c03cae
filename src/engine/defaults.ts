/**
 * Every default and every bound in one place. Hosts (Figma, Photopea, page, CLI) read their
 * slider ranges from here so the panel and the engine can never disagree.
 */
import type { PresetName, StylizeOptions } from "./types";

/**
 * The panel's Detail choice (src/ui/run/detail-choices.ts): Draft's step cap (a quick look: the
 * broad strokes are in by then, the fine brush texture not yet) and Finest's (the full network,
 * given room to settle; the convergence stop still ends most scales sooner). Balanced is the default.
 */
export const DRAFT_ITERATIONS = 50;
export const FINEST_ITERATIONS = 300;

export const DEFAULT_OPTIONS: Readonly<StylizeOptions> = {
  preset: "lite",
  // Calibrated by eye on the lite preset: 0.2 a light texture, 0.6 clearly painted, 1 dissolves structure.
  strength: 0.6,
  size: 512,
  workingSize: 512,
  // A cap per scale; a scale stops sooner once its loss fell by under 0.25 % over the last 10
  // iterations. The cap is where a run ends within 5 % of the loss three times the iterations
  // reach (README, Performance: at 256 px 120 ended 5.3 % above, 150 ends 3.6–3.9 % above):
  // lower, the fine brush texture is not there yet.
  iterations: 150,
  stopTolerance: 0.0025,
  stopWindow: 10,
  optimizer: "lbfgs",
  // One scale: an upsampled coarse result is blurred, and L-BFGS spends more evaluations putting the
  // fine texture back than the coarse scales saved (bench:levers; README, Performance).
  scales: [1],
  preserveColors: false,
  styleScale: 1,
  init: "content",
  seed: 42,
  pooling: "max",
  // Off, as in Gatys et al.: on 0–255 pixels a weight near 0.1 starts to smooth away brush texture.
  tvWeight: 0,
  learningRate: 4,
  // A long history saves evaluations; memory.ts keeps fewer pairs where the image is large.
  historySize: 100,
  previewEvery: 5,
  // Today's budget: the full preset at 512 px fits it untiled; larger scales run in tiles (scale-plan.ts).
  memoryBudgetMB: 1024,
};

/** Inclusive [min, max] for each numeric option. */
export const BOUNDS = {
  strength: [0, 1],
  size: [0, 4096],
  workingSize: [16, 4096],
  iterations: [1, 2000],
  stopTolerance: [0, 0.5],
  stopWindow: [1, 200],
  styleScale: [0.1, 4],
  tvWeight: [0, 1],
  learningRate: [1e-3, 100],
  historySize: [1, 200],
  // As low as a few MiB, so a test or a bench can force tiles at small sizes.
  memoryBudgetMB: [1, 65536],
  previewEvery: [0, 1000],
  seed: [0, 2 ** 31 - 1],
  scale: [0.05, 1],
  styleWeight: [0, 1000],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * The panel's default output size, "Auto": the layer's own (exported) size, at up to 2× on a
 * high-density screen, up to Figma's createImage limit. It is the size painted: the first scale
 * runs at the working size and finer ones add the detail up to it (scale-plan.ts). `cap` lowers
 * the limit (the panel's Draft caps it at the working size: one scale, the fast run).
 */
export const AUTO_MAX_DENSITY = 2;
export function autoOutputSide(layerLongSide: number, pixelRatio = 1, cap: number = MAX_OUTPUT_SIDE): number {
  const density = Number.isFinite(pixelRatio) ? Math.min(AUTO_MAX_DENSITY, Math.max(1, pixelRatio)) : 1;
  const side = Math.ceil(Math.max(1, layerLongSide) * density);
  return Math.max(BOUNDS.workingSize[0], Math.min(side, cap, MAX_OUTPUT_SIDE));
}

/** Input images: larger ones are refused with a clear message rather than exhausting memory. */
export const MAX_INPUT_SIDE = 16384;
export const MAX_INPUT_PIXELS = 64 * 1024 * 1024;
/** True when an image of this size is past the input bounds (every host and the engine ask this one question). */
export function isTooLargeInput(width: number, height: number): boolean {
  return width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE || width * height > MAX_INPUT_PIXELS;
}
/** The input bounds in words, for the messages that refuse an image. */
export const INPUT_LIMIT_WORDS = `${MAX_INPUT_SIDE} px a side and ${Math.round(MAX_INPUT_PIXELS / 1e6)} megapixels`;
/** Figma's createImage limit; the output never exceeds it. */
export const MAX_OUTPUT_SIDE = 4096;
/**
 * Coarse-to-fine above the working size: each scale doubles, and the output's own size is taken
 * as soon as it is at most this many times the last scale (so no scale is a sliver above the last).
 */
export const MAX_SCALE_STEP = 2.5;
/**
 * A finer scale starts from the last one's result and only adds detail: its iteration cap is the
 * last one's times this (as jcjohnson/neural-style's 500/200/100/50), the stop rule ending it sooner.
 */
export const FINE_SCALE_ITERATIONS = 0.5;
/** A run takes one content and at most this many styles (every source is checked against it: src/shared/limits.ts). */
export const MAX_STYLE_LAYERS = 4;
/** A batch makes one result for each of at most this many contents, all with the same styles. */
export const MAX_CONTENT_LAYERS = 10;

/** Text from outside (a panel message, a recalled record) that becomes a layer name or a notice is cut to this many characters. */
export const MAX_NAME_CHARS = 200;
export const MAX_NOTICE_CHARS = 300;
/**
 * Ids coming back from the panel (Figma node ids, "gallery:<slug>") are short; a longer one is not
 * one of ours. Generous: a layer inside nested instances has an id that grows with each level ("I1:2;3:4;…").
 */
export const MAX_ID_CHARS = 1000;
/** A result's recorded parameters as JSON (Figma pluginData, the PNG record): far above a real record. */
export const MAX_RECORD_CHARS = 16384;
/** Fraction of alpha-weighted pixels that must be visible for an image to count as non-empty. */
export const MIN_VISIBLE_FRACTION = 0.001;

/**
 * Device memory one run may plan to use (the full preset at the panel's 512 px fits it). A larger
 * working size is reduced to fit (memory.ts), so a big request degrades rather than runs out.
 */
export const MEMORY_BUDGET_BYTES = 2 ** 30;

/**
 * tfjs WebGL flags the product runs with. tfjs keeps every freed texture for reuse, one free list
 * per exact shape, so the pool grows far past what is ever in use (README, Performance): past the
 * budget, freed textures are deleted instead.
 */
export const WEBGL_FLAGS: Readonly<Record<string, number | boolean>> = {
  WEBGL_DELETE_TEXTURE_THRESHOLD: MEMORY_BUDGET_BYTES,
};

/**
 * WebGL: the largest im2col temporary one conv may make before it runs in bands of rows (conv.ts).
 * Unsplit, block 1's temporary alone would take a large share of the memory budget at 512 px.
 */
export const WEBGL_CONV_TEMP_BYTES = 64 * 2 ** 20;

/** Keras "caffe" preprocessing: BGR order, 0–255, minus these means (B, G, R). */
export const VGG_MEAN_BGR = [103.939, 116.779, 123.68] as const;

export interface PresetSpec {
  /** Style layer → weight (weights are used as given; the style term is Σ w_l · mean((G−A)²)). */
  styleLayers: Record<string, number>;
  contentLayer: string;
  /** log10 of the style/content ratio at strength→0⁺ and at strength 1; calibrated by eye per preset. */
  ratioLog10: readonly [number, number];
}

export const PRESETS: Readonly<Record<PresetName, PresetSpec>> = {
  lite: {
    styleLayers: { conv1_1: 1, conv2_1: 1, conv3_1: 1 },
    contentLayer: "conv3_2",
    ratioLog10: [-1, 3],
  },
  full: {
    styleLayers: { conv1_1: 1, conv2_1: 1, conv3_1: 1, conv4_1: 1, conv5_1: 1 },
    contentLayer: "conv4_2",
    ratioLog10: [-1, 3],
  },
};

/**
 * Storage dtype of converted weights (`npm run weights --dtype`): float16 is indistinguishable from
 * float32 in activations and final loss, uint8 per-tensor visibly worse (weights/README.md).
 */
export const DEFAULT_WEIGHTS_DTYPE = "float16" as const;

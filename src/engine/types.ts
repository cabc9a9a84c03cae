/** Types that cross the engine's boundary. Pixels are always straight (non-premultiplied) 8-bit RGBA. */

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row-major, RGBA. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export type PresetName = "lite" | "full";
export type OptimizerName = "adam" | "lbfgs";
export type Pooling = "max" | "avg";
export type InitMode = "content" | "noise";

export interface StyleInput {
  readonly image: RgbaImage;
  /** Relative blend weight of this style (normalised over all styles). Default 1. */
  readonly weight?: number;
}

export interface StylizeInput {
  readonly content: RgbaImage;
  readonly styles: readonly StyleInput[];
  /** Warm start: begin from this image (e.g. the previous result when only strength changed). */
  readonly init?: RgbaImage;
}

export interface StylizeOptions {
  preset: PresetName;
  /** 0 returns the content; 1 the strongest style the preset allows (log-scale style/content ratio). */
  strength: number;
  /** Long side of the output in px, the size painted (≤ 4096); the content's aspect ratio is kept. 0 = the content's own size. */
  size: number;
  /** Long side of the first (coarsest) scale (≤ size); each finer scale doubles, up to `size` (scale-plan.ts). */
  workingSize: number;
  /** Optimiser steps at each scale of the schedule: the most, when stopTolerance ends a scale sooner. */
  iterations: number;
  /** A scale ends when the loss fell by less than this fraction over the last stopWindow iterations (0 = run all `iterations`). */
  stopTolerance: number;
  stopWindow: number;
  optimizer: OptimizerName;
  /** Coarse-to-fine scales relative to the working size, ascending, last = 1. */
  scales: number[];
  /** Luminance-only transfer (Gatys et al. 2016): keep the content's colours. */
  preserveColors: boolean;
  /** Size of the style image relative to the content's working size (1 = same long side). */
  styleScale: number;
  init: InitMode;
  seed: number;
  pooling: Pooling;
  /** Total-variation weight relative to the content term (smoothness). */
  tvWeight: number;
  /** Override the preset's layers: style layer → weight. */
  styleLayers?: Record<string, number>;
  contentLayer?: string;
  /** Adam learning rate in pixel units (0–255 scale). */
  learningRate: number;
  /** L-BFGS history size. */
  historySize: number;
  /** A preview every this many iterations (0 = never). */
  previewEvery: number;
  /** The most device memory a run may plan to use, in MiB: a scale that would not fit runs in tiles. */
  memoryBudgetMB?: number;
}

export interface LossParts {
  total: number;
  content: number;
  style: number;
  tv: number;
}

export interface Progress {
  /** 1-based iteration within the whole run (all scales). */
  iteration: number;
  totalIterations: number;
  /** 0-based index into the schedule. */
  scaleIndex: number;
  scaleCount: number;
  /** The scale's size (the whole picture's, even when it runs in tiles). */
  width: number;
  height: number;
  /** 0-based tile within the scale's step, and the scale's tile count (1 when untiled). */
  tileIndex: number;
  tileCount: number;
  loss: LossParts;
  /** Gradient evaluations so far (L-BFGS line searches spend more than one per iteration). */
  evaluations: number;
  elapsedMs: number;
  /** Estimated time left, from the cost of the iterations so far (NaN until known). */
  etaMs: number;
  /** The whole picture at the scale's size. */
  preview?: RgbaImage;
}

export interface StylizeHooks {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface StylizeStats {
  iterations: number;
  evaluations: number;
  elapsedMs: number;
  msPerIteration: number;
  lossStart: LossParts;
  lossEnd: LossParts;
  backend: string;
  peakBytes: number;
  /** (width, height) of each scale actually run. */
  scales: Array<[number, number]>;
  /** Tiles each scale ran in, parallel to `scales` (1 when untiled). */
  tiles: number[];
  /** The working size asked for would not fit the memory budget and was reduced (see scales). */
  memoryCapped: boolean;
}

export interface StylizeResult {
  image: RgbaImage;
  stats: StylizeStats;
}

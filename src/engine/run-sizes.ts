/**
 * A run's sizes, decided before any tensor is made: the output size (the size painted), the
 * coarse-to-fine scales with their iteration caps and tiles (scale-plan.ts), and the refusals of an
 * image the network cannot take at them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { DEFAULT_OPTIONS, PRESETS } from "./defaults";
import { convStrategyFor } from "./conv";
import { RestyleError } from "./errors";
import { tapsOf } from "./layers";
import { minNetworkSide } from "./schedule";
import { outputSize, scalePlan, type PlannedScale } from "./scale-plan";
import { fitLongSide, MIN_SCALE_SIDE } from "./scale-sizes";
import type { RgbaImage, StylizeOptions } from "./types";

export interface RunSizes {
  out: [number, number];
  /** The first scale at the working size (the coarsest but for the `scales` option's). */
  work: [number, number];
  /** Each scale's (width, height), coarse to fine; the last is the output's. */
  sizes: Array<[number, number]>;
  /** Tiles each scale runs in, parallel to sizes. */
  tiles: number[];
  /** Each scale's plan (iteration cap, tile grid, L-BFGS pairs), parallel to sizes. */
  plan: PlannedScale[];
  /** Some scale's own state would not fit the memory budget even in its smallest tiles. */
  memoryCapped: boolean;
}

/** The memory budget a run plans by, in bytes. */
export function budgetBytes(o: StylizeOptions): number {
  return (o.memoryBudgetMB ?? DEFAULT_OPTIONS.memoryBudgetMB!) * 2 ** 20;
}

/**
 * The run's scales with the active backend's conv paths. A warm start already has the coarse
 * structure: it starts at the working size (the `scales` option's coarser ones are skipped).
 */
export function runSizes(content: RgbaImage, o: StylizeOptions, warmStart: boolean, styles: readonly RgbaImage[] = []): RunSizes {
  const { styleLayers, contentLayer } = runLayers(o);
  const taps = tapsOf(styleLayers, contentLayer);
  const minSide = minNetworkSide(taps);
  const plan = scalePlan({
    contentWidth: content.width,
    contentHeight: content.height,
    size: o.size,
    workingSize: o.workingSize,
    scales: warmStart ? [1] : o.scales,
    taps,
    contentLayer,
    iterations: o.iterations,
    historySize: o.optimizer === "lbfgs" ? o.historySize : 0,
    memoryBudgetMB: budgetBytes(o) / 2 ** 20,
    conv: convStrategyFor(tf.getBackend()),
    hostState: true,
  });
  const out = outputSize(content.width, content.height, o.size);
  const work = fitLongSide(content.width, content.height, Math.min(o.workingSize, Math.max(...out)));
  // The `scales` option's coarser scales are skipped where the network or a style could not take them.
  const kept = plan.filter(
    (s) =>
      Math.max(s.width, s.height) >= Math.max(...work) ||
      (Math.min(s.width, s.height) >= Math.max(MIN_SCALE_SIDE, minSide) && stylesFit(styles, s, o.styleScale, minSide)),
  );
  const [ww, wh] = work;
  if (Math.min(ww, wh) < minSide) {
    throw new RestyleError(
      "bad-image",
      `The content image is too ${Math.max(ww, wh) >= minSide ? "narrow" : "small"} to stylise: at the working size it is ${ww}×${wh} px, and the network needs at least ${minSide} px on each side. Use a larger working size or a less narrow image.`,
      `working ${ww}x${wh}, min ${minSide}`,
    );
  }
  styles.forEach((st, i) => {
    const [sw, sh] = styleSizeAt(st, ww, wh, o.styleScale);
    if (Math.min(sw, sh) < minSide) {
      throw new RestyleError(
        "bad-image",
        `The ${styles.length > 1 ? `style ${i + 1}` : "style"} image (${st.width}×${st.height}) is too narrow: seen at ${sw}×${sh} px it is under the ${minSide} px a side the network needs. Use a less narrow style image.`,
        `style ${sw}x${sh}, min ${minSide}`,
      );
    }
  });
  return {
    out,
    work,
    sizes: kept.map((s) => [s.width, s.height]),
    tiles: kept.map((s) => s.tiles),
    plan: kept,
    memoryCapped: kept.some((s) => !s.withinBudget),
  };
}

function stylesFit(styles: readonly RgbaImage[], s: PlannedScale, styleScale: number, minSide: number): boolean {
  return styles.every((st) => Math.min(...styleSizeAt(st, s.width, s.height, styleScale)) >= minSide);
}

/**
 * The size a style image is seen at when the content is optimised at w × h: the content's long
 * side times styleScale, but by default (styleScale 1) never past the style's own pixels, so its
 * brush keeps its painted size at large scales; another styleScale is taken as asked.
 */
export function styleSizeAt(style: { width: number; height: number }, w: number, h: number, styleScale: number): [number, number] {
  const asked = Math.max(MIN_SCALE_SIDE, Math.round(Math.max(w, h) * styleScale));
  const own = Math.max(style.width, style.height);
  return fitLongSide(style.width, style.height, styleScale === 1 ? Math.min(asked, Math.max(own, MIN_SCALE_SIDE)) : asked);
}

/** The layers a run uses: the options' own, else the preset's. */
export function runLayers(o: StylizeOptions): { styleLayers: Record<string, number>; contentLayer: string } {
  const preset = PRESETS[o.preset];
  return { styleLayers: o.styleLayers ?? preset.styleLayers, contentLayer: o.contentLayer ?? preset.contentLayer };
}

/**
 * A run's sizes, decided before any tensor is made: the output size, the working size (capped by
 * the memory budget) and the coarse-to-fine scales, with the refusals of an image the network
 * cannot take at them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { BOUNDS, MAX_OUTPUT_SIDE, MEMORY_BUDGET_BYTES, PRESETS } from "./defaults";
import { convStrategyFor } from "./conv";
import { RestyleError } from "./errors";
import { tapsOf } from "./layers";
import { fitWorkingSize } from "./memory";
import { minNetworkSide } from "./schedule";
import { fitLongSide, MIN_SCALE_SIDE, scheduleSizes } from "./scale-sizes";
import type { RgbaImage, StylizeOptions } from "./types";

export interface RunSizes {
  out: [number, number];
  work: [number, number];
  /** Each scale's (width, height), coarse to fine. */
  sizes: Array<[number, number]>;
  /** Tiles each scale runs in, parallel to sizes. */
  tiles: number[];
  /** The working size was reduced to fit the memory budget (memory.ts). */
  memoryCapped: boolean;
}

/**
 * Output and working sizes: the output keeps the content's aspect; work never exceeds the output,
 * nor what fits the memory budget with the active backend's conv paths.
 */
export function runSizes(content: RgbaImage, o: StylizeOptions, warmStart: boolean, styles: readonly RgbaImage[] = []): RunSizes {
  const longOut = Math.min(o.size > 0 ? o.size : Math.max(content.width, content.height), MAX_OUTPUT_SIDE);
  const out = fitLongSide(content.width, content.height, longOut);
  const asked = fitLongSide(content.width, content.height, Math.min(o.workingSize, longOut));
  const { styleLayers, contentLayer } = runLayers(o);
  const memory = {
    taps: tapsOf(styleLayers, contentLayer),
    contentLayer,
    historySize: o.optimizer === "lbfgs" ? o.historySize : 0,
    conv: convStrategyFor(tf.getBackend()),
  };
  const work = fitWorkingSize(memory, asked[0], asked[1], BOUNDS.workingSize[0]);
  if (!work) {
    throw new RestyleError("out-of-memory", "Even the smallest working size would not fit in memory; choose the Lite quality.", `budget ${MEMORY_BUDGET_BYTES} B`);
  }
  // Every scale, and every style as seen at it, must be one the network can take (schedule.ts).
  const minSide = minNetworkSide(memory.taps);
  const stylesFit = ([w, h]: [number, number]) => styles.every((st) => Math.min(...styleSizeAt(st, w, h, o.styleScale)) >= minSide);
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
  // A warm start already has the coarse structure: refine at the working size only.
  const sizes = scheduleSizes(ww, wh, warmStart ? [1] : o.scales, Math.max(MIN_SCALE_SIDE, minSide)).filter((sz, i, all) => i === all.length - 1 || stylesFit(sz));
  return { out, work, sizes, tiles: sizes.map(() => 1), memoryCapped: work[0] !== asked[0] || work[1] !== asked[1] };
}

/** The size a style image is seen at when the content is optimised at w × h. */
export function styleSizeAt(style: { width: number; height: number }, w: number, h: number, styleScale: number): [number, number] {
  return fitLongSide(style.width, style.height, Math.max(MIN_SCALE_SIDE, Math.round(Math.max(w, h) * styleScale)));
}

/** The layers a run uses: the options' own, else the preset's. */
export function runLayers(o: StylizeOptions): { styleLayers: Record<string, number>; contentLayer: string } {
  const preset = PRESETS[o.preset];
  return { styleLayers: o.styleLayers ?? preset.styleLayers, contentLayer: o.contentLayer ?? preset.contentLayer };
}

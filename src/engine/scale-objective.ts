/**
 * A scale's objective: the blended style Grams of every style seen at this scale and the content
 * target, evaluated in one pass, or in tiles when the scale does not fit the memory budget
 * (tiled-objective.ts; the plan chose the grid, scale-plan.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { tapsOf } from "./layers";
import { convStrategyFor } from "./conv";
import { evaluationPeakBytes } from "./memory";
import { createObjectivePaced, styleGramsPaced, wholeGrams, type GramsOf, type ObjectiveSpec, type ScaleObjective } from "./objective";
import { finestGrid, leastAreaGrid } from "./tile-choice";
import { tiledGrams } from "./tile-passes";
import { hostResize, type HostImage } from "./host-image";
import { upload } from "./scale-image";
import { runLayers, styleSizeAt } from "./run-sizes";
import type { PlannedScale } from "./scale-plan";
import { createTiledObjective } from "./tiled-objective";
import { largestCrop, tileGrid, type Tile } from "./tiles";
import type { StylizeInput, StylizeOptions } from "./types";
import type { Vgg19 } from "./vgg19";

/** What every scale's targets are made from. */
export interface TargetSources {
  net: Vgg19;
  /** Each style as the network sees it (colours matched when preserving them), at its own size, on the host. */
  stylesNet: readonly HostImage[];
  styles: StylizeInput["styles"];
  o: StylizeOptions;
  ratio: number;
  pause: () => Promise<void>;
}

/**
 * Each style's Grams at a scale: from one forward pass where the style, at the size it is seen,
 * needs no more memory than the scale's own evaluation (its largest tile's, when tiled), else from
 * tiles that do (a large style beside a 4096 px picture painted in small tiles).
 */
function styleGramsAt(src: TargetSources, plan: PlannedScale): GramsOf {
  const { net, pause } = src;
  const taps = net.taps;
  const conv = convStrategyFor(tf.getBackend());
  const [cw, ch] = plan.tiles > 1 ? largestCrop(plan.width, plan.height, plan.cols, plan.rows, taps) : [plan.width, plan.height];
  const cap = evaluationPeakBytes(taps, cw, ch, conv);
  // A style's pass is a forward alone: its tiles may be larger than the scale's for the same memory.
  const fits = (w: number, h: number) => evaluationPeakBytes(taps, w, h, conv, false) <= cap;
  const whole = wholeGrams(net, pause);
  return (rgb, layers) => {
    const [, h, w] = rgb.shape;
    if (fits(w, h)) return whole(rgb, layers);
    const grid = leastAreaGrid(w, h, taps, fits);
    const [cols, rows] = grid ? [grid.cols, grid.rows] : finestGrid(w, h, taps);
    return tiledGrams(net, rgb, Object.fromEntries(layers.map((l) => [l, 1])), tileGrid(w, h, cols, rows, taps), pause);
  };
}

/** The blended style Grams of every style seen at the scale (the caller disposes them). */
export async function scaleGrams(src: TargetSources, plan: PlannedScale): Promise<Record<string, tf.Tensor2D>> {
  const { net, o, pause } = src;
  const styleTargets = src.styles.map((s, k) => {
    const [sw, sh] = styleSizeAt(s.image, plan.width, plan.height, o.styleScale);
    return { rgb: upload(hostResize(src.stylesNet[k], sw, sh)), weight: s.weight ?? 1 };
  });
  try {
    return await styleGramsPaced(net, styleTargets, Object.keys(runLayers(o).styleLayers), pause, styleGramsAt(src, plan));
  } finally {
    tf.dispose(styleTargets.map((t) => t.rgb));
  }
}

/** The loss's layers and weights for a run's options. */
export function objectiveSpec(src: TargetSources): ObjectiveSpec {
  const { styleLayers, contentLayer } = runLayers(src.o);
  return { styleLayers, contentLayer, ratio: src.ratio, tvWeight: src.o.tvWeight };
}

/** The tiles of a planned scale. */
export function scaleTiles(src: TargetSources, plan: PlannedScale): Tile[] {
  const { styleLayers, contentLayer } = runLayers(src.o);
  return tileGrid(plan.width, plan.height, plan.cols, plan.rows, tapsOf(styleLayers, contentLayer));
}

/**
 * The objective at one scale: the blended style Grams of every style seen at this scale, and the
 * content target. What it makes is pushed onto `owned` (the caller's to dispose).
 */
export async function objectiveAt(
  src: TargetSources,
  contentAt: tf.Tensor4D,
  plan: PlannedScale,
  owned: Array<{ dispose(): void }>,
  onTile?: (index: number, count: number) => void,
): Promise<ScaleObjective> {
  const grams = await scaleGrams(src, plan);
  owned.push(...Object.values(grams));
  const spec = objectiveSpec(src);
  const { net, pause } = src;
  const objective =
    plan.tiles > 1
      ? await createTiledObjective({ net, content: contentAt, grams, spec, tiles: scaleTiles(src, plan), pause, onTile })
      : await createObjectivePaced(net, contentAt, grams, spec, pause);
  owned.push(objective);
  return objective;
}

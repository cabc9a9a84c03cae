/**
 * A scale's objective: the blended style Grams of every style seen at this scale and the content
 * target, evaluated in one pass, or in tiles when the scale does not fit the memory budget
 * (tiled-objective.ts; the plan chose the grid, scale-plan.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import { tapsOf } from "./layers";
import { createObjectivePaced, styleGramsPaced, type ScaleObjective } from "./objective";
import { resize } from "./pixels";
import { runLayers, styleSizeAt } from "./run-sizes";
import type { PlannedScale } from "./scale-plan";
import { createTiledObjective } from "./tiled-objective";
import { tileGrid } from "./tiles";
import type { StylizeInput, StylizeOptions } from "./types";
import type { Vgg19 } from "./vgg19";

/** What every scale's targets are made from. */
export interface TargetSources {
  net: Vgg19;
  /** Each style as the network sees it (colours matched when preserving them), at full size. */
  stylesNet: readonly tf.Tensor4D[];
  styles: StylizeInput["styles"];
  o: StylizeOptions;
  ratio: number;
  pause: () => Promise<void>;
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
  const { width: w, height: h } = plan;
  const { net, o, pause } = src;
  const { styleLayers, contentLayer } = runLayers(o);
  const styleTargets = src.styles.map((s, k) => {
    const [sw, sh] = styleSizeAt(s.image, w, h, o.styleScale);
    return { rgb: resize(src.stylesNet[k], sh, sw), weight: s.weight ?? 1 };
  });
  let grams: Record<string, tf.Tensor2D>;
  try {
    grams = await styleGramsPaced(net, styleTargets, Object.keys(styleLayers), pause);
  } finally {
    tf.dispose(styleTargets.map((t) => t.rgb));
  }
  owned.push(...Object.values(grams));
  const spec = { styleLayers, contentLayer, ratio: src.ratio, tvWeight: o.tvWeight };
  const objective =
    plan.tiles > 1
      ? await createTiledObjective({
          net,
          content: contentAt,
          grams,
          spec,
          tiles: tileGrid(w, h, plan.cols, plan.rows, tapsOf(styleLayers, contentLayer)),
          pause,
          onTile,
        })
      : await createObjectivePaced(net, contentAt, grams, spec, pause);
  owned.push(objective);
  return objective;
}

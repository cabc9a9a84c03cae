/**
 * What a run holds at its peak, in bytes: the model behind the working-size cap (runSizes) and the
 * memory figures in the README, checked against tf.profile in test/engine/memory.test.ts and
 * against WebGL's own count in the bench.
 *
 * It follows the network's hand-written backward pass (vgg19.ts): the forward keeps each conv's
 * output until the backward has passed that layer, and the backward holds a few tensors of the
 * current layer's size (dy, the ReLU mask, the masked dy, dx) beside what is left of the forward.
 */
import type { ConvStrategy } from "./conv-strategy";
import { MEMORY_BUDGET_BYTES } from "./defaults";
import { layerSizes, layersUpTo, type LayerName } from "./layers";

const F32 = 4;

/**
 * Peak bytes of one objective evaluation at (width, height), beyond the weights and the run's own
 * state; with `withBackward` false, of a forward pass alone (a style's Grams).
 */
export function evaluationPeakBytes(taps: readonly string[], width: number, height: number, conv: ConvStrategy, withBackward = true): number {
  const tapped = new Set(taps);
  let inC = 3;
  let trace = 0; // elements the forward has kept so far
  let peak = 0;
  // A conv's output and, when split in bands, the bands beside the joined result; plus its im2col temporary.
  const convCost = (outEl: number, cin: number, pixels: number) => {
    const im2col = pixels * 9 * cin * F32;
    const banded = conv.maxTempBytes > 0 && im2col > conv.maxTempBytes;
    const temp = conv.maxTempBytes > 0 ? Math.min(im2col, conv.maxTempBytes) : 0;
    return (banded ? 2 : 1) * outEl + temp / F32;
  };
  for (const { layer: l, width: w, height: h } of layerSizes(taps, width, height)) {
    const inEl = h * w * inC;
    const outEl = h * w * l.outChannels;
    const forward = trace + inEl + convCost(outEl, inC, h * w);
    trace += outEl;
    // dy, step(y) and dy·step(y) (the tap's loss gradient is made and added before them), then,
    // with dy and the mask freed, dx from a conv whose input is the masked dy.
    // At a tap, the Gram loss's gradient also holds a few C×C matrices (G, G − A, dG, dGᵀ, their sum…).
    const gram = tapped.has(l.name) ? 8 * l.outChannels * l.outChannels : 0;
    const backwardEl = trace + Math.max(3 * outEl + gram, outEl + convCost(inEl, l.outChannels, h * w));
    const scratch = conv.scratchActivations * Math.max(inEl, outEl);
    peak = Math.max(peak, forward + scratch, withBackward ? backwardEl + scratch : 0);
    inC = l.outChannels;
  }
  return peak * F32;
}

/** Weights on the device: the kernels and biases, plus the rotated kernels of the fast gradient. */
export function weightBytes(taps: readonly string[], conv: ConvStrategy): number {
  const el = layersUpTo(taps).reduce((a, l) => a + 9 * l.inChannels * l.outChannels * (conv.fastGrad ? 2 : 1) + l.outChannels, 0);
  return el * F32;
}

/**
 * Device memory L-BFGS's pairs may take. A long history saves evaluations, but at large sizes
 * the pairs alone would outgrow the network's own peak: past this, fewer pairs are kept.
 */
export const HISTORY_BUDGET_BYTES = 256 * 2 ** 20;
/** The fewest pairs kept whatever the size (below this L-BFGS loses most of its curvature). */
export const MIN_HISTORY_PAIRS = 10;

/** Pairs L-BFGS keeps at (width, height): the requested number, within the history's memory share (a quarter of the budget). */
export function historyPairsAt(width: number, height: number, requested: number, budgetBytes: number = MEMORY_BUDGET_BYTES): number {
  const pairBytes = 2 * width * height * 3 * F32;
  const share = (HISTORY_BUDGET_BYTES * budgetBytes) / MEMORY_BUDGET_BYTES;
  return Math.max(1, Math.min(requested, Math.max(MIN_HISTORY_PAIRS, Math.floor(share / pairBytes))));
}

/** The run's own state at one scale: the iterate, the best iterate, the content target and L-BFGS's pairs. */
export function runStateBytes(contentLayer: string, width: number, height: number, historySize: number, budgetBytes: number = MEMORY_BUDGET_BYTES): number {
  const image = width * height * 3;
  const c = layerSizes([contentLayer], width, height).pop()!;
  const target = c.width * c.height * c.layer.outChannels;
  const pairs = historySize > 0 ? historyPairsAt(width, height, historySize, budgetBytes) : 0;
  // L-BFGS: iterate, best, gradient, direction and where it moves at the start; up to three live
  // trials of the line search (each a point, its gradient and six stacked rows); two vectors per pair.
  // Adam (historySize 0): iterate, best, gradient, its two moments and the step's two temporaries.
  const vectors = historySize > 0 ? 5 + 3 * 8 + 2 * pairs : 7;
  return (image * vectors + target) * F32;
}

export interface MemoryModelInput {
  taps: readonly string[];
  contentLayer: string;
  historySize: number;
  conv: ConvStrategy;
  budgetBytes?: number;
}

export function runPeakBytes(m: MemoryModelInput, width: number, height: number): number {
  return (
    weightBytes(m.taps, m.conv) +
    evaluationPeakBytes(m.taps, width, height, m.conv) +
    runStateBytes(m.contentLayer, width, height, m.historySize, m.budgetBytes)
  );
}

/**
 * The Gram matrices on the device during a tiled evaluation: per tap, the style target, the running
 * sum and its next value, K and the few C × C temporaries that make it (an upper bound: every tap counted).
 */
export function gramStateBytes(taps: readonly LayerName[]): number {
  const tapped = new Set(taps);
  return layersUpTo(taps).reduce((a, l) => a + (tapped.has(l.name) ? 6 * l.outChannels * l.outChannels : 0), 0) * F32;
}

/**
 * Device bytes of one tile's evaluation when the whole picture's state is on the host
 * (host-tiled-objective.ts): the tile's evaluation, its uploaded crop, its input gradient and its
 * share of the content target (at most the crop's content-layer activations).
 */
export function hostTileBytes(taps: readonly LayerName[], contentLayer: LayerName, cropW: number, cropH: number, conv: ConvStrategy): number {
  const c = layerSizes([contentLayer], cropW, cropH).pop()!;
  return evaluationPeakBytes(taps, cropW, cropH, conv) + (2 * cropW * cropH * 3 + c.width * c.height * c.layer.outChannels) * F32;
}

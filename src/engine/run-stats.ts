/** A run's closing figures, and the probe of its peak tensor memory. */
import * as tf from "@tensorflow/tfjs-core";
import type { RunSizes } from "./run-sizes";
import type { LossParts, StylizeStats } from "./types";

/** The largest tensor memory seen at any `note()`: host bytes, or on WebGL the GPU's own count. */
export interface PeakMeter {
  readonly bytes: number;
  note(): void;
}

export function createPeakMeter(): PeakMeter {
  let bytes = 0;
  return {
    get bytes() {
      return bytes;
    },
    note() {
      const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
      bytes = Math.max(bytes, m.numBytes, m.numBytesInGPU ?? 0);
    },
  };
}

export interface RunTotals {
  /** performance.now() at the run's start. */
  t0: number;
  iterations: number;
  evaluations: number;
  lossStart: LossParts;
  lossEnd: LossParts;
  peakBytes: number;
  sizes: RunSizes;
}

export function runStats(r: RunTotals): StylizeStats {
  const elapsedMs = performance.now() - r.t0;
  return {
    iterations: r.iterations,
    evaluations: r.evaluations,
    elapsedMs,
    msPerIteration: r.iterations ? elapsedMs / r.iterations : 0,
    lossStart: r.lossStart,
    lossEnd: r.lossEnd,
    backend: tf.getBackend(),
    peakBytes: r.peakBytes,
    scales: r.sizes.sizes,
    tiles: r.sizes.tiles,
    memoryCapped: r.sizes.memoryCapped,
  };
}

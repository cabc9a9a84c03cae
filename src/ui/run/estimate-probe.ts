/**
 * Measuring this device for the pre-run estimate (estimate.ts): the probe, one tiny run of the real
 * engine on the lite network; and the same figures read off a finished run's own progress, which
 * then replace the probe's (they are this device at the sizes the user actually runs).
 */
import type { Progress, RgbaImage, StylizeOptions } from "../../engine/types";
import type { DeviceCost } from "./device-class";
import { PROBE_ITERATIONS, PROBE_SIDE, setupEvaluations, type DeviceRate } from "./estimate";
import type { RunDeps } from "./run-job";

type Seen = Pick<Progress, "elapsedMs" | "evaluations" | "width" | "height">;

/** One size's measurement: ms per evaluation past the first iteration, and the setup the first iteration paid beyond its evaluations. */
export interface ProbePoint {
  pixels: number;
  msPerEvaluation: number;
  setupMs: number;
}

/**
 * A scale's cost from its progress reports: an evaluation's ms from the end of its first iteration
 * to its last; the setup (kernel compiles for the size) is what the first report took beyond its
 * evaluations and the targets' forward passes (`styleCount`'s and the content's).
 */
export function probePoint(seen: readonly Seen[], styleCount = 1): ProbePoint | null {
  if (seen.length < 2) return null;
  const first = seen[0];
  const last = seen[seen.length - 1];
  const evals = last.evaluations - first.evaluations;
  const ms = last.elapsedMs - first.elapsedMs;
  if (!(evals > 0) || !(ms > 0)) return null;
  const msPerEvaluation = ms / evals;
  const firstEvaluations = first.evaluations + setupEvaluations(styleCount) - 1;
  return { pixels: last.width * last.height, msPerEvaluation, setupMs: Math.max(0, first.elapsedMs - firstEvaluations * msPerEvaluation) };
}

/**
 * The device's rate from one size: its evaluation split into the fixed part the device's class
 * expects (at most half of it) and a part per pixel, which the FLOP model carries to other sizes.
 */
export function rateFromPoint(p: ProbePoint, classFixedMs: number, backend: string): DeviceRate {
  const fixedMs = Math.min(classFixedMs, p.msPerEvaluation / 2);
  return { fixedMs, msPerPixel: (p.msPerEvaluation - fixedMs) / p.pixels, setupMs: p.setupMs, backend };
}

/** A class's fixed part to split a measurement by: the middle of its range (geometric). */
export const middleFixedMs = (range: readonly [DeviceCost, DeviceCost]): number => Math.sqrt(range[0].fixedMs * range[1].fixedMs);

/** Opaque, textured pixels for the probe (a flat image could make the optimiser stop at once). */
export function probeImage(width: number, height: number, phase: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x + y * phase) * 37) % 256;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/**
 * The probe's inputs, shaped as a run's are: a content larger than the probe's size (resized as a
 * layer's export is) and a style of another shape (its targets run at their own size), so the
 * setup the probe measures holds the compiles a run pays, not only the objective's.
 */
export const probeInput = (side: number = PROBE_SIDE) => ({
  content: probeImage(2 * side, 2 * side, 1),
  styles: [{ image: probeImage(Math.round(2.5 * side), Math.round(1.5 * side), 3) }],
});

/** The probe run: the lite network, one scale of `side`, a fixed number of iterations, no early stop, no previews. */
export function probeOptions(side: number = PROBE_SIDE): Partial<StylizeOptions> {
  return { preset: "lite", size: side, workingSize: side, scales: [1], iterations: PROBE_ITERATIONS, stopTolerance: 0, previewEvery: 0 };
}

/** Times the objective at the probe's size on the engine's backend; throws when cancelled or when the engine cannot run. */
export async function probeDevice<W>(
  deps: Pick<RunDeps<W>, "weights" | "stylize">,
  backend: string,
  classFixedMs: number,
  signal: AbortSignal,
): Promise<DeviceRate> {
  const w = await deps.weights("lite", { signal, onProgress: () => undefined });
  const seen: Progress[] = [];
  await deps.stylize(w, probeInput(), probeOptions(), {
    signal,
    onProgress: (p) => seen.push(p),
  });
  const point = probePoint(seen);
  if (!point) throw new Error("The probe measured nothing.");
  return rateFromPoint(point, classFixedMs, backend);
}

/**
 * Collects a run's progress on its first scale and turns it into this device's rate at the size the
 * user runs. The preset's cost is divided out, so the rate stays the lite network's; the fixed part
 * is kept from the rate known before (one size cannot tell it from the per-pixel part).
 */
export class RunRateMeter {
  private seen: Seen[] = [];

  constructor(
    private readonly costFactor: number,
    private readonly styleCount: number,
  ) {}

  note(p: Progress): void {
    // A tiled scale's evaluation is several crops and a second forward pass: not one point.
    if (p.scaleIndex !== 0 || p.tileCount > 1) return;
    // Keep the first and the latest report: all a point needs.
    if (this.seen.length >= 2) this.seen[1] = p;
    else this.seen.push(p);
  }

  rate(backend: string, before: DeviceRate | null): DeviceRate | null {
    const p = probePoint(this.seen, this.styleCount);
    if (!p) return null;
    const lite = { pixels: p.pixels, msPerEvaluation: p.msPerEvaluation / this.costFactor, setupMs: p.setupMs / this.costFactor };
    return rateFromPoint(lite, before?.fixedMs ?? 0, backend);
  }
}

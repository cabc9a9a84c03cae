/**
 * Measuring this device for the pre-run estimate (estimate.ts): the probe, two tiny runs of the
 * real engine on the lite network; and the same figures read off a finished run's own progress,
 * which then replace the probe's (they are this device at the sizes the user actually runs).
 */
import type { Progress } from "../../engine/types";
import { fitRate, probeImage, probeOptions, probePoint, probePoints, PROBE_SIDE, type DeviceRate, type ProbePoint } from "./estimate";
import type { RunDeps } from "./run-job";

/** Times the objective at the probe's sizes on the engine's backend; throws when cancelled or when the engine cannot run. */
export async function probeDevice<W>(deps: Pick<RunDeps<W>, "weights" | "stylize">, backend: string, signal: AbortSignal): Promise<DeviceRate> {
  const w = await deps.weights("lite", { signal, onProgress: () => undefined });
  const seen: Progress[] = [];
  await deps.stylize(w, { content: probeImage(PROBE_SIDE, 1), styles: [{ image: probeImage(PROBE_SIDE, 3) }] }, probeOptions(), {
    signal,
    onProgress: (p) => seen.push(p),
  });
  const points = probePoints(seen);
  if (!points) throw new Error("The probe measured nothing.");
  return fitRate(points[0], points[1], backend);
}

/**
 * Collects a run's progress, one scale at a time, and turns it into this device's rate: each scale
 * is a point (its pixels, its ms per evaluation past its first iteration), the coarsest and the
 * finest make the line. The preset's cost is divided out, so the rate stays the lite network's.
 */
export class RunRateMeter {
  private readonly scales = new Map<number, Array<Pick<Progress, "elapsedMs" | "evaluations" | "width" | "height">>>();

  constructor(private readonly costFactor: number) {}

  note(p: Progress): void {
    // A tiled scale's evaluation is several crops and a second forward pass: not one point of the line.
    if (p.tileCount > 1) return;
    const list = this.scales.get(p.scaleIndex) ?? [];
    // Keep the first and the latest report of each scale: all a point needs.
    if (list.length >= 2) list[1] = p;
    else list.push(p);
    this.scales.set(p.scaleIndex, list);
  }

  rate(backend: string): DeviceRate | null {
    const points = [...this.scales.values()].map((s) => probePoint(s)).filter((p): p is ProbePoint => !!p);
    if (points.length === 0) return null;
    points.sort((a, b) => a.pixels - b.pixels);
    const lite = (p: ProbePoint): ProbePoint => ({ pixels: p.pixels, msPerEvaluation: p.msPerEvaluation / this.costFactor });
    const lo = lite(points[0]);
    const hi = lite(points[points.length - 1]);
    return points.length === 1 ? { fixedMs: 0, msPerPixel: hi.msPerEvaluation / hi.pixels, backend } : fitRate(lo, hi, backend);
  }
}

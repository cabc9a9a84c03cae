/**
 * Which timing runs fit the time budget. The full matrix (cpu at 512 px on the full network) would
 * take hours on a small CPU, so each combination's wall time is projected from its analytic FLOPs
 * and a backend throughput, refined as measurements come in; combinations over budget are skipped
 * and the output says so.
 */
import type { PresetName } from "../src/engine/types";
import { iterationFlops } from "./flops";

export type BenchBackend = "cpu" | "wasm" | "webgl";

/** GFLOP/s before anything is measured: ../shared/bench/RESULTS.md on a 2-core machine (wasm with the fast conv gradient). */
export const PRIOR_GFLOPS: Readonly<Record<BenchBackend, number>> = { wasm: 11, cpu: 0.5, webgl: 1 };
/** Fixed cost per combination: network setup; WebGL compiles its shaders in the first iteration (~50 s on SwiftShader). */
export const PRIOR_OVERHEAD_MS: Readonly<Record<BenchBackend, number>> = { wasm: 3_000, cpu: 3_000, webgl: 50_000 };

export interface Combo {
  backend: BenchBackend;
  preset: PresetName;
  size: number;
}

export class Throughput {
  private readonly gflops = new Map<BenchBackend, number>();

  get(b: BenchBackend): number {
    return this.gflops.get(b) ?? PRIOR_GFLOPS[b];
  }

  /** Learn from a measured combination (keeps the slowest rate seen: projections should not be optimistic). */
  record(c: Combo, msPerIteration: number): void {
    const rate = iterationFlops(c.preset, c.size) / 1e9 / (msPerIteration / 1000);
    const known = this.gflops.get(c.backend);
    this.gflops.set(c.backend, known === undefined ? rate : Math.min(known, rate));
  }

  /** Wall time of warm-up + timed + one memory-profiling iteration, plus the fixed setup. */
  projectMs(c: Combo, iterations: number): number {
    const perIter = (iterationFlops(c.preset, c.size) / 1e9 / this.get(c.backend)) * 1000;
    return PRIOR_OVERHEAD_MS[c.backend] + perIter * iterations;
  }
}

export function combos(backends: readonly BenchBackend[], presets: readonly PresetName[], sizes: readonly number[]): Combo[] {
  const out: Combo[] = [];
  for (const backend of backends) for (const preset of presets) for (const size of [...sizes].sort((a, b) => a - b)) out.push({ backend, preset, size });
  return out;
}

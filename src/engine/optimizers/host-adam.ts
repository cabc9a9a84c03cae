/**
 * Adam (adam.ts's step, in the same order) on a picture kept on the host (host-tiled-objective.ts):
 * the iterate, the gradient and both moments are Float32Arrays, and the update is a plain loop,
 * O(pixels) and cheap beside an evaluation, so none of them needs the device.
 */
import type { HostObjective } from "../host-tiled-objective";
import type { AdamOptions } from "./adam";
import { PIXEL_MAX, PIXEL_MIN, type StepReport } from "./optimizer";

export interface HostOptimizer {
  /** Takes ownership of x0 (clamped in place) and evaluates it. */
  start(x0: Float32Array): Promise<StepReport>;
  /** One iteration, in place; the iterate after it is `current()`. */
  step(): Promise<StepReport>;
  /** The iterate (the optimiser's own: copy it to keep it). */
  current(): Float32Array;
}

/** Zeroes gradient entries that would push a pixel at a bound further out (optimizer.ts projectGradient). */
function projectGradient(x: Float32Array, g: Float32Array): void {
  for (let i = 0; i < x.length; i++) if ((x[i] <= PIXEL_MIN && g[i] > 0) || (x[i] >= PIXEL_MAX && g[i] < 0)) g[i] = 0;
}

export function createHostAdam(f: HostObjective, opts: AdamOptions): HostOptimizer {
  const { learningRate: lr, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = opts;
  let x: Float32Array | null = null;
  let g = new Float32Array(0);
  let m = new Float32Array(0);
  let v = new Float32Array(0);
  let t = 0;

  async function evaluate(): Promise<StepReport> {
    const parts = await f(x!, g);
    projectGradient(x!, g);
    return { loss: parts.total, parts, evaluations: 1 };
  }

  return {
    start(x0) {
      x = x0;
      for (let i = 0; i < x.length; i++) x[i] = Math.min(PIXEL_MAX, Math.max(PIXEL_MIN, x[i]));
      g = new Float32Array(x.length);
      m = new Float32Array(x.length);
      v = new Float32Array(x.length);
      return evaluate();
    },
    step() {
      if (!x) throw new Error("Adam: start() first");
      t += 1;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let i = 0; i < x.length; i++) {
        m[i] = m[i] * beta1 + g[i] * (1 - beta1);
        v[i] = v[i] * beta2 + g[i] * g[i] * (1 - beta2);
        const upd = m[i] / c1 / (Math.sqrt(v[i] / c2) + epsilon);
        x[i] = Math.min(PIXEL_MAX, Math.max(PIXEL_MIN, x[i] - upd * lr));
      }
      return evaluate();
    },
    current() {
      if (!x) throw new Error("Adam: start() first");
      return x;
    },
  };
}

/** One scale's loop (optimise-scale.ts) over a scripted optimiser: best iterate, stop rules, abort, no leaks. */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { RestyleError } from "../../src/engine/errors";
import { KEEP_TENSOR, optimiseScale, type ScaleStep } from "../../src/engine/optimise-scale";
import type { Optimizer, StepReport } from "../../src/engine/optimizers/optimizer";
import { cpu } from "../helpers/backend";

beforeAll(cpu);

const report = (loss: number, stalled = false): StepReport => ({
  loss,
  parts: { total: loss, content: loss, style: 0, tv: 0 },
  evaluations: 1,
  ...(stalled ? { stalled } : {}),
});

/** Its iterate after step k holds the value k (the start: 0); its losses are `losses` (the start's first). */
function scripted(losses: number[], stallAt = -1): Optimizer & { disposed: () => boolean } {
  let x: tf.Tensor4D | null = null;
  let k = 0;
  let gone = false;
  return {
    async start(x0) {
      x0.dispose();
      x = tf.fill([1, 1, 1, 3], 0) as tf.Tensor4D;
      return report(losses[0]);
    },
    async step() {
      k++;
      x!.dispose();
      x = tf.fill([1, 1, 1, 3], k) as tf.Tensor4D;
      return report(losses[k], k === stallAt);
    },
    current: () => x!,
    dispose() {
      x?.dispose();
      gone = true;
    },
    disposed: () => gone,
  };
}

const noStop = { tolerance: 0, window: 10 };
const x0 = () => tf.zeros([1, 1, 1, 3]) as tf.Tensor4D;

describe("optimiseScale", () => {
  it("keeps the best iterate, not the last, and reports the best losses so far", async () => {
    const before = tf.memory().numTensors;
    const opt = scripted([10, 8, 9, 7.5, 7.6]);
    const steps: ScaleStep[] = [];
    const r = await optimiseScale(opt, x0(), { iterations: 4, rule: noStop }, { onStep: (s) => void steps.push({ ...s, losses: [...s.losses] }) }, KEEP_TENSOR);
    expect(r.best.dataSync()[0]).toBe(3);
    expect([r.start.total, r.end.total]).toEqual([10, 7.5]);
    expect(steps.map((s) => s.losses[s.losses.length - 1])).toEqual([8, 8, 7.5, 7.5]);
    expect(steps.map((s) => s.done)).toEqual([false, false, false, false]);
    r.best.dispose();
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("ends the scale at a stall or when the stop rule is met", async () => {
    const stalled = await optimiseScale(scripted([10, 9, 9, 9, 9], 2), x0(), { iterations: 10, rule: noStop }, {}, KEEP_TENSOR);
    expect(stalled.end.total).toBe(9);
    stalled.best.dispose();
    let n = 0;
    const converged = await optimiseScale(
      scripted([10, 5, 4.99, 4.989, 4.988]),
      x0(),
      { iterations: 4, rule: { tolerance: 0.01, window: 1 } },
      { onStep: () => void n++ },
      KEEP_TENSOR,
    );
    expect(n).toBe(2); // 5 → 4.99 is a 0.2 % decrease, under the 1 %
    converged.best.dispose();
  });

  it("an aborted signal stops it before the next step, leaving only the optimiser's own tensors", async () => {
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const opt = scripted([10, 9, 8, 7]);
    const e = await optimiseScale(opt, x0(), { iterations: 3, rule: noStop }, { signal: ac.signal, onStep: () => ac.abort() }, KEEP_TENSOR).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(RestyleError);
    expect((e as RestyleError).code).toBe("cancelled");
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a non-finite loss is an error, never a picture", async () => {
    const opt = scripted([10, NaN]);
    const e = await optimiseScale(opt, x0(), { iterations: 3, rule: noStop }, {}, KEEP_TENSOR).catch((err: unknown) => err);
    expect((e as RestyleError).code).toBe("backend-unavailable");
    opt.dispose();
  });
});

/** Adam in pixel units with projection onto [0, 255]. */
import * as tf from "@tensorflow/tfjs-core";
import { evaluateProjected, lossParts, project, readScalars, type Objective, type Optimizer, type StepReport } from "./optimizer";

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function createAdam(f: Objective, opts: AdamOptions): Optimizer {
  const { learningRate: lr, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = opts;
  let x: tf.Tensor4D | null = null;
  let g: tf.Tensor4D | null = null;
  let m: tf.Tensor4D | null = null;
  let v: tf.Tensor4D | null = null;
  let t = 0;

  async function evaluateAt(next: tf.Tensor4D): Promise<StepReport> {
    const { e, g: pg } = await evaluateProjected(f, next);
    const [loss, ...terms] = await readScalars([e.loss, e.parts]);
    e.loss.dispose();
    e.parts.dispose();
    e.grad.dispose();
    x?.dispose();
    g?.dispose();
    x = next;
    g = pg;
    return { loss, parts: lossParts(loss, terms), evaluations: 1 };
  }

  return {
    start(x0) {
      m = tf.zerosLike(x0);
      v = tf.zerosLike(x0);
      return evaluateAt(project(x0)).finally(() => x0.dispose());
    },
    step() {
      if (!x || !g || !m || !v) throw new Error("Adam: start() first");
      t += 1;
      const [xn, mn, vn] = tf.tidy(() => {
        const mNew = tf.add(tf.mul(m!, beta1), tf.mul(g!, 1 - beta1));
        const vNew = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(g!), 1 - beta2));
        const mHat = tf.div(mNew, 1 - beta1 ** t);
        const vHat = tf.div(vNew, 1 - beta2 ** t);
        const upd = tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon));
        return [project(tf.sub(x!, tf.mul(upd, lr)) as tf.Tensor4D), mNew as tf.Tensor4D, vNew as tf.Tensor4D];
      });
      m.dispose();
      v.dispose();
      m = mn;
      v = vn;
      return evaluateAt(xn);
    },
    current() {
      if (!x) throw new Error("Adam: start() first");
      return x;
    },
    dispose() {
      for (const t of [x, g, m, v]) t?.dispose();
      x = g = m = v = null;
    },
  };
}

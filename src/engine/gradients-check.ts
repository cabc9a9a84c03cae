/** Fails early, in plain words, when the host forgot to register tfjs's gradient functions. */
import * as tf from "@tensorflow/tfjs-core";
import { RestyleError } from "./errors";

let checked = false;

export function ensureGradients(): void {
  if (checked) return;
  try {
    tf.tidy(() => {
      tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.scalar(1));
    });
    checked = true;
  } catch (e) {
    throw new RestyleError(
      "backend-unavailable",
      'TensorFlow.js gradients are not registered: import "restyle-nst/register-gradients" (browser) or "@tensorflow/tfjs" (Node) before running.',
      String(e),
    );
  }
}

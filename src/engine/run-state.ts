/** What tfjs's process-wide state says about a run: its tensor balance, and whether the backend's context is gone. */
import * as tf from "@tensorflow/tfjs-core";

let active = 0;
let started = 0;

/**
 * Starts counting a run's tensors; the returned function gives the run's leak, or null when the
 * count says nothing about this run: tf.memory() is shared by the whole process, so another run
 * that started or ran meanwhile would show up as a false leak (or a negative one).
 */
export function startLeakCount(): () => number | null {
  const before = tf.memory().numTensors;
  const alone = active === 0;
  const mine = ++started;
  active++;
  return () => {
    active--;
    return alone && started === mine ? tf.memory().numTensors - before : null;
  };
}

/** True when the backend is WebGL and its context is lost (a state, not a message's words). */
export function backendContextLost(): boolean {
  try {
    const b = tf.backend() as unknown as { getGPGPUContext?: () => { gl?: { isContextLost?: () => boolean } } };
    return b.getGPGPUContext?.().gl?.isContextLost?.() === true;
  } catch {
    return false; // no backend to ask
  }
}

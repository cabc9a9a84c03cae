/**
 * Handing the event loop a turn during a run, so that Ctrl-C, an AbortSignal aborted from a timer
 * or a click, and a page thread's input all get through. A macrotask, never a microtask: resolved
 * promises run before timers, messages and input, so awaiting one would starve them just the same.
 */

type Immediate = (fn: () => void) => unknown;

/** One turn of the event loop: setImmediate (Node), else a MessageChannel message (no 4 ms clamp), else setTimeout(0). */
export function yieldToLoop(): Promise<void> {
  const setImmediateFn = (globalThis as { setImmediate?: Immediate }).setImmediate;
  if (typeof setImmediateFn === "function") return new Promise((resolve) => void setImmediateFn(resolve));
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Longest stretch of work between two turns of the loop inside one iteration. */
export const YIELD_EVERY_MS = 25;

/**
 * A pause for the middle of long work: yields only when `everyMs` have passed since the last turn
 * (a turn costs little in Node but more in a page), then calls `check` (e.g. throw if aborted).
 */
export function createPacer(check: () => void = () => {}, everyMs = YIELD_EVERY_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await yieldToLoop();
    last = performance.now();
    check();
  };
}

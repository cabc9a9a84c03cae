/**
 * Every failure the engine reports is a RestyleError: a stable `code` for programs and a
 * one-sentence `message` written for the person using the plugin.
 */
import { messageOf } from "../kit/message-of";

export type RestyleErrorCode =
  | "bad-image" // empty, NaN-sized, wrong byte count
  | "image-too-large" // past MAX_INPUT_PIXELS / MAX_SIDE
  | "transparent-image" // nothing visible to stylise
  | "bad-options" // an option outside its bound
  | "weights-missing" // a shard or tensor is absent
  | "weights-corrupt" // wrong size, hash mismatch, non-finite values, wrong shape
  | "weights-network" // fetch failed (offline, CORS)
  | "backend-unavailable" // no WebGL / wasm could not start
  | "context-lost" // WebGL context or WebGPU device lost mid-run
  | "out-of-memory"
  | "cancelled";

export class RestyleError extends Error {
  readonly code: RestyleErrorCode;
  /** What exactly was wrong (layer name, byte counts…), for logs and tests. */
  readonly detail?: string;
  constructor(code: RestyleErrorCode, message: string, detail?: string) {
    super(message);
    this.name = "RestyleError";
    this.code = code;
    this.detail = detail;
  }
}

export function isRestyleError(e: unknown): e is RestyleError {
  return e instanceof RestyleError;
}

/** One wording for a lost WebGL context and a lost WebGPU device alike: the user sees the card reset, not the API. */
export const CONTEXT_LOST_MESSAGE = "The graphics card reset during the run. Press Run to try again; a smaller output size is less likely to hit this.";

/** Maps anything thrown during a run onto a RestyleError (OOM and lost context come from tfjs as plain Errors). */
export function toRestyleError(e: unknown): RestyleError {
  if (e instanceof RestyleError) return e;
  const msg = messageOf(e);
  if (/abort/i.test(msg) || (e instanceof Error && e.name === "AbortError")) {
    return new RestyleError("cancelled", "The run was cancelled.", msg);
  }
  if (/context.*lost|CONTEXT_LOST/i.test(msg)) {
    return new RestyleError("context-lost", CONTEXT_LOST_MESSAGE, msg);
  }
  if (/out of memory|OOM|Failed to allocate|allocation failed|RangeError: Array buffer allocation/i.test(msg)) {
    return new RestyleError("out-of-memory", "Ran out of memory. Pick a smaller output size or the Lite quality.", msg);
  }
  const err = new RestyleError("backend-unavailable", `The style transfer failed: ${msg}`, msg);
  return err;
}

/** A run's stop on its signal: the one "cancelled" error the engine throws. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new RestyleError("cancelled", "The run was cancelled.");
}

/** A NaN or infinite loss would be written out as a picture of garbage: it is an error. */
export function checkFiniteLoss(loss: number): void {
  if (!Number.isFinite(loss)) {
    throw new RestyleError("backend-unavailable", "The style transfer failed: the computation produced an invalid number. Try another backend, size or image.", `loss ${loss}`);
  }
}

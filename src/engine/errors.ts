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

/** What the engine knows about a failure besides the thrown value: never the words in its message. */
export interface FailureFacts {
  /** The run's signal: once aborted, whatever the run threw is a cancel. */
  signal?: AbortSignal;
  /** The backend reports its WebGL context or WebGPU device gone. */
  contextLost?: boolean;
}

/** The platform's own abort: a DOMException (or Error) named AbortError, as fetch and AbortSignal throw. */
export function isAbortError(e: unknown): boolean {
  return (e instanceof Error || (typeof DOMException !== "undefined" && e instanceof DOMException)) && e.name === "AbortError";
}

/**
 * Out of memory, by the type each runtime throws: a failed ArrayBuffer allocation is a RangeError;
 * tfjs-wasm's heap that cannot grow aborts with a WebAssembly.RuntimeError; WebGPU has
 * GPUOutOfMemoryError; WebGL has only its error code, which tfjs reports as exactly this string.
 */
function isOutOfMemory(e: unknown): boolean {
  if (e instanceof RangeError) return true;
  if (typeof WebAssembly !== "undefined" && e instanceof WebAssembly.RuntimeError) return true;
  const gpuOom = (globalThis as { GPUOutOfMemoryError?: abstract new (...a: never[]) => object }).GPUOutOfMemoryError;
  if (gpuOom && e instanceof gpuOom) return true;
  return e instanceof Error && e.message === "WebGL Error: OUT_OF_MEMORY";
}

/** Maps anything thrown during a run onto a RestyleError, by its type and the run's state. */
export function toRestyleError(e: unknown, facts: FailureFacts = {}): RestyleError {
  if (e instanceof RestyleError) return e;
  const msg = messageOf(e);
  if (facts.signal?.aborted || isAbortError(e)) return new RestyleError("cancelled", "The run was cancelled.", msg);
  if (facts.contextLost) return new RestyleError("context-lost", CONTEXT_LOST_MESSAGE, msg);
  if (isOutOfMemory(e)) return new RestyleError("out-of-memory", "Ran out of memory. Pick a smaller output size or the Lite quality.", msg);
  return new RestyleError("backend-unavailable", `The style transfer failed: ${msg}`, msg);
}

/** A caller's callback threw: the engine passes that error on as it is, never as one of its own. */
export class CallbackError extends Error {
  override name = "CallbackError";
  constructor(readonly error: unknown) {
    super(messageOf(error));
  }
}

/** A run's stop on its signal: the one "cancelled" error the engine throws. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new RestyleError("cancelled", "The run was cancelled.");
}

/** A NaN or infinite loss would be written out as a picture of garbage: it is an error. */
export function checkFiniteLoss(loss: number): void {
  if (!Number.isFinite(loss)) {
    throw new RestyleError(
      "backend-unavailable",
      "The style transfer failed: the computation produced an invalid number. Try another backend, size or image.",
      `loss ${loss}`,
    );
  }
}

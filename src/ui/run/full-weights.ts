/**
 * The Full preset's weights as bytes, on the page's side (where the page's origin, if it has one,
 * can cache them). Contract shared by the panel's weight sources (weight-files.ts) and the engine:
 * the file set returned is one `loadWeightsFromFiles` accepts, and it is handed to the engine
 * (worker or page thread), which makes the tensors.
 *
 * STUB: replaced by the pinned, verified download (issue 11).
 */
import { RestyleError } from "../../engine/errors";

/** A weights file set: file name → bytes, as `loadWeightsFromFiles` takes it. */
export type WeightFiles = ReadonlyMap<string, Uint8Array>;

export interface FullWeightsHooks {
  /** Bytes verified so far of the total; etaMs once a rate is known. */
  onProgress?: (loaded: number, total: number, etaMs?: number) => void;
  signal?: AbortSignal;
}

export async function fullWeightFiles(_hooks: FullWeightsHooks = {}): Promise<WeightFiles> {
  throw new RestyleError("weights-missing", "The Full weights download is not available in this build.");
}

/** Forgets any copy cached by this page's origin (a no-op where there is none). */
export async function forgetDownloadedWeights(): Promise<void> {}

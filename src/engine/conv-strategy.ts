/**
 * Which conv paths a backend runs (conv.ts runs them). No tfjs here: the memory model and the
 * panel's estimate price a run by the same strategy the engine uses.
 */
import { WEBGL_CONV_TEMP_BYTES } from "./defaults";

export interface ConvStrategy {
  /** Route dx through a forward conv with the rotated kernel (conv.ts). */
  fastGrad: boolean;
  /**
   * Largest im2col temporary one conv may make, in bytes; 0 = no limit. WebGL's conv lowers to
   * a [H·W, 9·Cin] matrix, which for block 1 at large sizes outweighs all the activations together.
   * Above the limit the conv runs in bands of rows, each with its own small temporary.
   */
  maxTempBytes: number;
  /**
   * Activation-sized temporaries the backend makes beside what the code asks for. WebGL: one
   * (packing, unpacking and reshape copies, found by comparing numBytesInGPU with the model).
   * Used by the memory model only.
   */
  scratchActivations: number;
}

/** What each backend does best, by measurement (README, Performance). */
export function convStrategyFor(backend: string): ConvStrategy {
  return {
    // cpu: its forward conv is the slower kernel, so the rotated-kernel route would cost time there.
    fastGrad: backend !== "cpu",
    // Only WebGL lowers convs through im2col; wasm (XNNPACK) and cpu make no such temporary.
    maxTempBytes: backend === "webgl" ? WEBGL_CONV_TEMP_BYTES : 0,
    scratchActivations: backend === "webgl" ? 1 : 0,
  };
}

/**
 * What the browser says of its GPU and cores (device-class.ts classifies it): the WebGL renderer
 * from a throwaway context, released at once. Cheap (no kernels are compiled); empty when WebGL or
 * the unmasked renderer is not available (some browsers mask it).
 */
import type { DeviceSignals } from "./device-class";

export function readDeviceSignals(): DeviceSignals {
  const cores = typeof navigator !== "undefined" ? navigator.hardwareConcurrency || 0 : 0;
  let renderer = "";
  try {
    const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : document.createElement("canvas");
    const gl = canvas.getContext("webgl") as WebGLRenderingContext | null;
    if (gl) {
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
      gl.getExtension("WEBGL_lose_context")?.loseContext();
    }
  } catch {
    // No WebGL here: the class stays unknown (the probe still measures whichever backend runs).
  }
  return { renderer, cores };
}

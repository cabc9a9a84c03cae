/**
 * What the engine's start-up probe found (backend-probe.ts): the time of one small forward +
 * backward pass on WebGPU and on WebGL, and which one the engine kept. Apart from the probe so the
 * page (which has no tfjs) can read it off the protocol.
 */
import { isNum, isObj, isStr } from "../kit/guards";

export interface ProbeResult {
  /** Milliseconds per pass on WebGPU, or null where it did not start or failed. */
  webgpuMs: number | null;
  /** The same on WebGL. */
  webglMs: number | null;
  /** The backend the engine kept. */
  picked: string;
  /** Why WebGPU was passed over when it was (it failed, disagreed with WebGL, or was slower). */
  reason?: string;
}

const msOrNull = (v: unknown): v is number | null => v === null || (isNum(v) && v >= 0);

export function parseProbeResult(v: unknown): ProbeResult | null {
  if (!isObj(v) || !msOrNull(v.webgpuMs) || !msOrNull(v.webglMs) || !isStr(v.picked) || (v.reason !== undefined && !isStr(v.reason))) return null;
  return { webgpuMs: v.webgpuMs, webglMs: v.webglMs, picked: v.picked, ...(v.reason !== undefined ? { reason: v.reason } : {}) };
}

/** One line for the panel's diagnostics. */
export function describeProbe(p: ProbeResult): string {
  const ms = (v: number | null) => (v === null ? "unavailable" : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
  return `WebGPU ${ms(p.webgpuMs)}, WebGL ${ms(p.webglMs)}: ${p.picked === "webgpu" ? "WebGPU" : p.picked === "webgl" ? "WebGL" : p.picked}${p.reason ? ` (${p.reason})` : ""}`;
}

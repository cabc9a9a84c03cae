/**
 * What kind of device the panel runs on, read at once from what the browser says of its GPU (the
 * WebGL renderer string) and its cores, so an estimate can show as a range before the probe has
 * measured anything. Each class prices one evaluation of the lite objective by the FLOP model
 * (engine/flops.ts): a fixed part (kernel dispatches) plus the network's FLOPs per pixel over the
 * class's effective throughput, and a setup per scale (the backend compiling its kernels for a
 * new size). Pure: the signals are read by device-signals.ts.
 */
import { iterationFlops } from "../../engine/flops";

export type DeviceClassName = "software" | "integrated" | "apple" | "discrete" | "unknown";

/** What the browser tells of the device. */
export interface DeviceSignals {
  /** The unmasked WebGL renderer (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))"), empty when unknown. */
  renderer: string;
  /** navigator.hardwareConcurrency (0 when unknown). */
  cores: number;
}

/** A class's bounds, fast end first: effective GFLOP/s, ms fixed per evaluation, ms of setup per scale. */
export interface DeviceClass {
  name: DeviceClassName;
  gflops: readonly [number, number];
  fixedMs: readonly [number, number];
  setupMs: readonly [number, number];
}

/**
 * The classes. `software` is measured on this project's 2-core machines with Chromium's SwiftShader
 * (the speed probe's log and npm run bench:estimate, docs/performance.md#estimates): 0.25–1.05 GFLOP/s
 * and 7–41 s to set up a size at load averages of 9–27, so up to about 4 GFLOP/s and a few seconds
 * on the same cores when quiet; it is scaled by the cores SwiftShader spreads over. The GPU classes are
 * not measured here (these machines have no GPU): they are the devices' fp32 peaks taken at the
 * 5–25 % that tfjs's WebGL kernels reach, widened on both sides (integrated: Intel UHD/Iris, AMD
 * APUs, phones' Mali/Adreno, 0.1–2 TFLOP/s peak; Apple M-series 2.5–14; discrete 5–80).
 */
export const DEVICE_CLASSES: Readonly<Record<DeviceClassName, DeviceClass>> = {
  software: { name: "software", gflops: [4, 0.25], fixedMs: [5, 40], setupMs: [3000, 40000] },
  integrated: { name: "integrated", gflops: [150, 10], fixedMs: [10, 60], setupMs: [500, 4000] },
  apple: { name: "apple", gflops: [600, 60], fixedMs: [5, 30], setupMs: [300, 2000] },
  discrete: { name: "discrete", gflops: [3000, 150], fixedMs: [5, 30], setupMs: [300, 2000] },
  unknown: { name: "unknown", gflops: [600, 0.25], fixedMs: [5, 60], setupMs: [300, 40000] },
};

/** The cores `software`'s measured figures came from: SwiftShader's throughput follows the cores. */
const MEASURED_CORES = 2;

const SOFTWARE = /swiftshader|llvmpipe|softpipe|basic render|software/i;
const APPLE = /apple (m\d|gpu)|apple,? ?m\d/i;
const DISCRETE = /geforce|rtx|gtx|quadro|nvidia|radeon (rx|pro|r9|hd [5-9]\d{3})|radeon\(tm\) rx|arc\(tm\) a\d|intel.*arc a\d/i;
const INTEGRATED = /intel|uhd|iris|hd graphics|radeon(\(tm\))? graphics|vega \d+ graphics|mali|adreno|powervr|apple a\d|videocore/i;

/** The class a renderer string names (software renderers first: they mention the GPU they stand in for). */
export function classifyDevice(s: DeviceSignals): DeviceClassName {
  const r = s.renderer;
  if (!r) return "unknown";
  if (SOFTWARE.test(r)) return "software";
  if (APPLE.test(r)) return "apple";
  if (DISCRETE.test(r)) return "discrete";
  if (INTEGRATED.test(r)) return "integrated";
  return "unknown";
}

/** The lite network's FLOPs per pixel of one evaluation (forward + backward; the same at every size). */
export const LITE_FLOPS_PER_PIXEL = iterationFlops("lite", 64) / (64 * 64);

/** One end of a device's cost of an evaluation of the lite objective: fixed + per pixel, and the setup of each new size, in ms. */
export interface DeviceCost {
  fixedMs: number;
  msPerPixel: number;
  setupMs: number;
}

/** The class's fast and slow ends as costs; software's throughput scaled by the cores it has. */
export function classCosts(name: DeviceClassName, cores: number): readonly [DeviceCost, DeviceCost] {
  const c = DEVICE_CLASSES[name];
  const share = name === "software" && cores > 0 ? Math.min(8, cores / MEASURED_CORES) : 1;
  const at = (i: 0 | 1): DeviceCost => ({
    fixedMs: c.fixedMs[i],
    msPerPixel: LITE_FLOPS_PER_PIXEL / (c.gflops[i] * share * 1e6),
    setupMs: c.setupMs[i] / Math.sqrt(share),
  });
  return [at(0), at(1)];
}

/** The image a scale's optimisation starts from, on the device or (host-state scales) on the host. */
import * as tf from "@tensorflow/tfjs-core";
import { luminanceRgb } from "./color";
import { hostLuminanceRgb, hostResize, hostRgb, type HostImage } from "./host-image";
import { resize, rgbaToRgbTensor } from "./pixels";
import { download, isHostImage, upload, type ScaleImage } from "./scale-image";
import type { InitMode, RgbaImage } from "./types";

export interface InitialImageSources<C extends ScaleImage = tf.Tensor4D> {
  /** The previous scale's best iterate (not taken: the caller still disposes it). */
  previous: ScaleImage | null;
  /** A warm start: the run's `init` image. */
  warmStart?: RgbaImage;
  mode: InitMode;
  seed: number;
  preserveColors: boolean;
  /** The content as the network sees it, at this scale. */
  contentAt: C;
}

/**
 * RGB 0–255 at w × h, a new tensor for the caller: the previous scale's result upsampled, else the
 * warm start, else seeded noise or the content itself (the `init` option).
 */
export function initialImage(w: number, h: number, from: InitialImageSources): tf.Tensor4D {
  const previous = from.previous;
  if (previous) return isHostImage(previous) ? tf.tidy(() => resize(upload(previous), h, w)) : resize(previous, h, w);
  if (from.warmStart) {
    const warm = from.warmStart;
    return tf.tidy(() => {
      const rgb = rgbaToRgbTensor(warm);
      return resize(from.preserveColors ? luminanceRgb(rgb) : rgb, h, w);
    });
  }
  if (from.mode === "noise") return tf.randomUniform([1, h, w, 3], 0, 255, "float32", from.seed); // seed 0 is a seed like any other (alea("0"))
  return from.contentAt.clone();
}

/**
 * The same start on the host, for a scale whose state lives there. Noise comes from a seeded host
 * generator (mulberry32), not tfjs's: the same seed gives the same start on every backend, but not
 * the device path's start.
 */
export async function initialHostImage(w: number, h: number, from: InitialImageSources<HostImage>): Promise<HostImage> {
  const previous = from.previous;
  if (previous) return hostResize(isHostImage(previous) ? previous : await download(previous.clone()), w, h);
  if (from.warmStart) {
    const rgb = hostRgb(from.warmStart);
    return hostResize(from.preserveColors ? hostLuminanceRgb(rgb) : rgb, w, h);
  }
  if (from.mode === "noise") return { width: w, height: h, channels: 3, data: seededNoise(w * h * 3, from.seed) };
  return { ...from.contentAt, data: from.contentAt.data.slice() };
}

/** n uniform values in [0, 255) from mulberry32(seed). */
function seededNoise(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 255;
  }
  return out;
}

/**
 * The content a run paints over, where it lives: on the device (tensors, as most runs keep it), or
 * on the host for runs that paint a scale with its state there (scale-tiles.ts), so that a 4096 px
 * picture never sits whole on the device. Either way it gives each scale the content as the network
 * sees it, the styles matched to it, and the final image at the output size with the content's alpha.
 */
import * as tf from "@tensorflow/tfjs-core";
import { luminanceRgb } from "./color";
import {
  hostAlpha,
  hostLuminanceRgb,
  hostMatchLuminance,
  hostMoments,
  hostRecombineColors,
  hostResize,
  hostRgb,
  hostToRgba,
  type HostImage,
} from "./host-image";
import { alphaTensor, resize, rgbaToRgbTensor, rgbTensorToRgba } from "./pixels";
import { finalImage } from "./run-images";
import { download, isHostImage, upload, type ScaleImage } from "./scale-image";
import type { RgbaImage } from "./types";

export interface RunContent {
  /** The content as the network sees it (luminance when preserving colours) at w × h, on the device; the caller disposes it. */
  deviceAt(w: number, h: number): Promise<tf.Tensor4D>;
  /** The same, on the host. */
  hostAt(w: number, h: number): Promise<HostImage>;
  /** The content in its own colours at w × h, where a picture of that kind lives (a preview's colours when preserving them); the caller releases it. */
  coloursAt(w: number, h: number, like: ScaleImage): Promise<ScaleImage>;
  /**
   * A style at its own size as the network sees it (its luminance matched to the content's when
   * preserving colours), on the host: each scale uploads only the size it sees it at, so a large
   * style layer never sits whole on the device beside the run.
   */
  styleForNet(style: RgbaImage): Promise<HostImage>;
  /** The output image from a last scale's best iterate (taken), or the content itself when `best` is null. */
  final(best: ScaleImage | null): Promise<RgbaImage>;
  dispose(): void;
}

/** A style's RGB on the host, its luminance matched to `moments` (the content's) when given. */
function hostStyle(style: RgbaImage, moments: { mean: number; variance: number } | null): HostImage {
  const rgb = hostRgb(style);
  return moments ? hostMatchLuminance(hostLuminanceRgb(rgb), moments) : rgb;
}

/** A tensor's mean and variance over every value, read back. */
async function momentsOf(t: tf.Tensor4D): Promise<{ mean: number; variance: number }> {
  const m = tf.moments(t);
  try {
    const [mean, variance] = await Promise.all([m.mean.data(), m.variance.data()]);
    return { mean: mean[0], variance: variance[0] };
  } finally {
    tf.dispose([m.mean, m.variance]);
  }
}

/** The content as tensors: the whole input once, and the output-size content and alpha for the final image. */
export function deviceContent(input: RgbaImage, out: [number, number], preserveColors: boolean): RunContent {
  const full = rgbaToRgbTensor(input);
  const alphaOut = tf.tidy(() => resize(alphaTensor(input), out[1], out[0]));
  const contentOut = resize(full, out[1], out[0]);
  const net = preserveColors ? luminanceRgb(full) : full.clone();
  full.dispose();
  let moments: Promise<{ mean: number; variance: number }> | undefined; // read once, for every style
  return {
    deviceAt: async (w, h) => resize(net, h, w),
    hostAt: async (w, h) => download(resize(net, h, w)),
    coloursAt: async (w, h, like) => (isHostImage(like) ? download(resize(contentOut, h, w)) : resize(contentOut, h, w)),
    styleForNet: async (style) => hostStyle(style, preserveColors ? await (moments ??= momentsOf(net)) : null),
    async final(best) {
      if (best === null) return rgbTensorToRgba(contentOut, alphaOut);
      return finalImage(isHostImage(best) ? upload(best) : best, out, contentOut, alphaOut, preserveColors);
    },
    dispose: () => tf.dispose([alphaOut, contentOut, net]),
  };
}

/** The content as host pictures; only a scale's resized copy, or a tile of it, reaches the device. */
export function hostContent(input: RgbaImage, out: [number, number], preserveColors: boolean): RunContent {
  const full = hostRgb(input);
  const alphaOut = hostResize(hostAlpha(input), out[0], out[1]);
  const net = preserveColors ? hostLuminanceRgb(full) : full;
  const moments = preserveColors ? hostMoments(net) : null;
  return {
    deviceAt: async (w, h) => upload(hostResize(net, w, h)),
    hostAt: async (w, h) => hostResize(net, w, h),
    coloursAt: async (w, h, like) => (isHostImage(like) ? hostResize(full, w, h) : upload(hostResize(full, w, h))),
    styleForNet: async (style) => hostStyle(style, moments),
    async final(best) {
      const picture = best === null ? full : isHostImage(best) ? best : await download(best);
      const up = hostResize(picture, out[0], out[1]);
      return hostToRgba(preserveColors && best !== null ? hostRecombineColors(up, hostResize(full, out[0], out[1])) : up, alphaOut);
    },
    dispose: () => undefined,
  };
}

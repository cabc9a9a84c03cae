/**
 * The host pictures (host-image.ts) are the tensor functions' arithmetic as loops: each is held to
 * the engine's own tensor version (pixels.ts, resample.ts, color.ts) on the cpu backend, on
 * pictures with hard edges, transparency and every kind of resize (reduce, enlarge, both at once).
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { luminanceRgb, matchLuminance, recombineColors } from "../../src/engine/color";
import * as hi from "../../src/engine/host-image";
import type { HostImage } from "../../src/engine/host-image";
import { alphaTensor, resize, rgbaToRgbTensor, rgbTensorToRgba } from "../../src/engine/pixels";
import { download, upload } from "../../src/engine/scale-image";
import type { RgbaImage } from "../../src/engine/types";
import { cpu } from "../helpers/backend";
import { noiseImage } from "../helpers/noise-image";

beforeAll(cpu);

/** Seeded noise with a hard-edged block and a transparent corner fading in. */
function picture(w: number, h: number, seed: number): RgbaImage {
  const img = noiseImage(w, h, seed);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      if (x > w / 3 && x < w / 2) img.data.fill(250, i, i + 3);
      if (x < w / 4 && y < h / 4) img.data[i + 3] = Math.round((255 * (x + y)) / (w / 2 + h / 2));
    }
  }
  return img;
}

async function tensorOf(t: tf.Tensor4D): Promise<HostImage> {
  return download(t);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe("host pictures against the engine's tensors", () => {
  const img = picture(37, 29, 5);

  it("RGB over white and alpha are rgbaToRgbTensor's and alphaTensor's", async () => {
    const rgb = hi.hostRgb(img);
    expect([rgb.width, rgb.height, rgb.channels]).toEqual([37, 29, 3]);
    expect(maxDiff(rgb.data, (await tensorOf(rgbaToRgbTensor(img))).data)).toBeLessThan(1e-4);
    expect(maxDiff(hi.hostAlpha(img).data, (await tensorOf(alphaTensor(img))).data)).toBe(0);
  });

  it.each([
    [37, 29, 14, 11, "reduce by 2.6"],
    [37, 29, 5, 4, "reduce by 7"],
    [37, 29, 90, 71, "enlarge by 2.4"],
    [37, 29, 60, 12, "enlarge one axis, reduce the other"],
    [37, 29, 37, 29, "same size"],
  ])("resizes %i × %i to %i × %i (%s) as resize() does, clipped to 0–255", async (_w, _h, w, h) => {
    const host = hi.hostResize(hi.hostRgb(img), w, h);
    const want = await tensorOf(tf.tidy(() => resize(rgbaToRgbTensor(img), h, w)));
    expect([host.width, host.height]).toEqual([w, h]);
    expect(maxDiff(host.data, want.data)).toBeLessThan(1e-3);
    expect(Math.min(...host.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...host.data)).toBeLessThanOrEqual(255);
  });

  it("resizes a one-channel picture (alpha) as resize() does", async () => {
    const host = hi.hostResize(hi.hostAlpha(img), 16, 40);
    const want = await tensorOf(tf.tidy(() => resize(alphaTensor(img), 40, 16)));
    expect(maxDiff(host.data, want.data)).toBeLessThan(1e-3);
  });

  it("luminance, its moments, matching a style to them and recombining colours are color.ts's", async () => {
    const rgb = hi.hostRgb(img);
    const grey = hi.hostLuminanceRgb(rgb);
    const greyT = tf.tidy(() => luminanceRgb(rgbaToRgbTensor(img)));
    expect(maxDiff(grey.data, (await tensorOf(greyT.clone())).data)).toBeLessThan(1e-3);

    const m = hi.hostMoments(grey);
    const [mean, variance] = tf.tidy(() => {
      const t = tf.moments(greyT);
      return [t.mean.dataSync()[0], t.variance.dataSync()[0]];
    });
    expect(m.mean).toBeCloseTo(mean, 2);
    expect(m.variance / variance).toBeCloseTo(1, 4);

    const style = tf.tidy(() => luminanceRgb(rgbaToRgbTensor(picture(20, 30, 9))));
    const byMoments = await tensorOf(matchLuminance(style, m));
    const byTensor = await tensorOf(matchLuminance(style, greyT));
    expect(maxDiff(byMoments.data, byTensor.data)).toBeLessThan(1e-2);
    // The whole match on the host, the style's own moments included (a run's styles stay there).
    const styleGrey = await tensorOf(style.clone());
    expect(maxDiff(hi.hostMatchLuminance(styleGrey, m).data, byTensor.data)).toBeLessThan(1e-2);

    const other = hi.hostRgb(picture(37, 29, 11));
    const host = hi.hostRecombineColors(other, rgb);
    const want = await tensorOf(tf.tidy(() => recombineColors(upload(other), rgbaToRgbTensor(img))));
    expect(maxDiff(host.data, want.data)).toBeLessThan(1e-3);
    tf.dispose([greyT, style]);
  });

  it("RGBA bytes are rgbTensorToRgba's, rounding half to even as tf.round does", async () => {
    const data = Float32Array.from([0.5, 1.5, 2.5, 254.5, -3, 300, 10.49, 10.51, 127.5, 128.5, 7, 8]);
    const rgb: HostImage = { width: 2, height: 2, channels: 3, data };
    const alpha: HostImage = { width: 2, height: 2, channels: 1, data: Float32Array.from([0.5, 1.5, 255, 260]) };
    const t = upload(rgb);
    const a = upload(alpha);
    const want = await rgbTensorToRgba(t, a);
    tf.dispose([t, a]);
    expect(Array.from(hi.hostToRgba(rgb, alpha).data)).toEqual(Array.from(want.data));
    expect(Array.from(hi.hostToRgba(rgb).data.filter((_, i) => i % 4 === 3))).toEqual([255, 255, 255, 255]);
  });
});

/**
 * Two pictures the project draws itself, so the demo needs no image files: a simple landscape
 * (content: sky gradient, sun, hills, a house — clear shapes to recognise after stylisation) and
 * a swirl of coloured brush strokes (style: strong texture and a palette to transfer). Pure and
 * deterministic: the same size gives the same bytes.
 */
import type { RgbaImage } from "../engine/types";

type Rgb = readonly [number, number, number];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

function paint(width: number, height: number, colour: (x: number, y: number) => Rgb): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x / width, y / height);
      const i = (y * width + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Landscape, coordinates in [0,1): u across, v down. */
export function sampleContent(width = 320, height = 240): RgbaImage {
  const aspect = width / height;
  return paint(width, height, (u, v) => {
    const hill1 = 0.62 + 0.08 * Math.sin(u * 5.5 + 0.6);
    const hill2 = 0.74 + 0.05 * Math.sin(u * 9 + 2);
    const inHouse = u > 0.58 && u < 0.78 && v > 0.5 && v < hill2 + 0.02;
    const roof = v < 0.5 && v > 0.36 && Math.abs(u - 0.68) < (v - 0.36) * 0.85;
    const door = u > 0.655 && u < 0.705 && v > 0.6 && inHouse;
    const win = ((u > 0.6 && u < 0.64) || (u > 0.72 && u < 0.76)) && v > 0.55 && v < 0.6;
    const dSun = Math.hypot((u - 0.25) * aspect, v - 0.25);
    if (door) return [90, 50, 30];
    if (win) return [250, 230, 120];
    if (inHouse) return [225, 215, 200];
    if (roof) return [170, 40, 35];
    if (v > hill2) return mix([60, 140, 50], [30, 80, 30], (v - hill2) * 3);
    if (v > hill1) return mix([110, 170, 70], [70, 130, 50], (v - hill1) * 4);
    if (dSun < 0.1) return [255, 220, 90];
    const sky = mix([70, 130, 220], [200, 225, 250], v / 0.7);
    return dSun < 0.16 ? mix([255, 235, 150], sky, (dSun - 0.1) / 0.06) : sky;
  });
}

/** Brush strokes: bands that bend around two centres, in a warm/cool palette, with a fine hatch. */
export function sampleStyle(width = 256, height = 256): RgbaImage {
  const palette: Rgb[] = [
    [20, 40, 110],
    [240, 200, 60],
    [30, 110, 170],
    [230, 120, 40],
    [250, 245, 220],
  ];
  return paint(width, height, (u, v) => {
    const a = Math.atan2(v - 0.35, u - 0.3);
    const r = Math.hypot(u - 0.3, v - 0.35);
    const r2 = Math.hypot(u - 0.75, v - 0.7);
    const swirl = r * 14 + Math.sin(a * 3) * 0.8 + Math.sin(r2 * 20) * 1.2;
    const band = ((Math.floor(swirl) % palette.length) + palette.length) % palette.length;
    const hatch = 0.5 + 0.5 * Math.sin((u + v) * 120 + Math.sin(v * 30) * 2);
    const edge = swirl - Math.floor(swirl);
    return mix(mix(palette[band], palette[(band + 1) % palette.length], edge ** 4), [15, 15, 30], 0.25 * hatch);
  });
}

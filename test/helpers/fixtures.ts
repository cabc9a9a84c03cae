import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeImage } from "../../src/node/image-io";
import type { RgbaImage } from "../../src/engine/types";
import { IMAGES } from "./paths";

export function fixture(name: "fixture_content_64x64.png" | "fixture_style_32x48.png" | string): RgbaImage {
  return decodeImage(new Uint8Array(readFileSync(join(IMAGES, name))), name);
}

export function solid(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

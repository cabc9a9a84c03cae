/** PNG ⇄ straight RGBA for the page (src/shared/png-codec.ts), and the live preview's drawing. */
import type { RgbaImage } from "../../engine/types";

export { decodePng, encodePng } from "../../shared/png-codec";

/** Draws an image into a visible canvas (the live preview). */
export function drawInto(target: HTMLCanvasElement, img: RgbaImage): void {
  target.width = img.width;
  target.height = img.height;
  target.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
}

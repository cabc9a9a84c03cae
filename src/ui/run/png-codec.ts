/** PNG ⇄ straight RGBA through the browser's own codecs (createImageBitmap and canvas). */
import { RestyleError } from "../../engine/errors";
import type { RgbaImage } from "../../engine/types";

function canvas2d(width: number, height: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) throw new RestyleError("backend-unavailable", "This browser cannot draw images (no 2D canvas).");
  return { canvas, ctx };
}

export async function decodePng(bytes: Uint8Array, what: string): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    // No colour conversion, no premultiplication: the pixels as the PNG stores them (Figma exports sRGB).
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: "image/png" }), { premultiplyAlpha: "none", colorSpaceConversion: "none" });
  } catch (e) {
    throw new RestyleError("bad-image", `The ${what} could not be read as an image.`, String(e));
  }
  const { width, height } = bitmap;
  const { ctx } = canvas2d(width, height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export async function encodePng(img: RgbaImage): Promise<Uint8Array> {
  const { canvas, ctx } = canvas2d(img.width, img.height);
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, "image/png"));
  if (!blob) throw new RestyleError("out-of-memory", "The result could not be encoded as PNG (the browser ran out of canvas memory).");
  return new Uint8Array(await blob.arrayBuffer());
}

/** Draws an image into a visible canvas (the live preview). */
export function drawInto(target: HTMLCanvasElement, img: RgbaImage): void {
  target.width = img.width;
  target.height = img.height;
  target.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
}

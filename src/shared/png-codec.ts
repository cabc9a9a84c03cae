/**
 * PNG ⇄ straight RGBA through the browser's own codecs (createImageBitmap and a 2D canvas), for the
 * page and the engine alike. The panel runs it in the engine (its worker in Figma), so its own thread
 * never waits on a canvas: a pixel read there can stall for seconds behind the GPU process while the
 * engine keeps it busy. An OffscreenCanvas where there is one (workers, most pages), else a page canvas.
 */
import { RestyleError } from "../engine/errors";
import type { RgbaImage } from "../engine/types";

type Canvas2d = { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D } | { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D };

function canvas2d(width: number, height: number): Canvas2d {
  // willReadFrequently: a CPU canvas, read back without a round trip to the GPU.
  const options: CanvasRenderingContext2DSettings = { willReadFrequently: true };
  if (typeof OffscreenCanvas === "function") {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d", options);
    if (ctx) return { canvas, ctx };
  } else if (typeof document !== "undefined") {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d", options);
    if (ctx) return { canvas, ctx };
  }
  throw new RestyleError("backend-unavailable", "This browser cannot draw images (no 2D canvas).");
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
  const blob = await ("convertToBlob" in canvas
    ? canvas.convertToBlob({ type: "image/png" }).catch(() => null)
    : new Promise<Blob | null>((ok) => canvas.toBlob(ok, "image/png")));
  if (!blob) throw new RestyleError("out-of-memory", "The result could not be encoded as PNG (the browser ran out of canvas memory).");
  return new Uint8Array(await blob.arrayBuffer());
}

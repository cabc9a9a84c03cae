/** The standalone page's pictures in the browser: a picked image scaled into PNG bytes, and a result saved as a download. */

/** The bitmap scaled down to fit `side` px on its long side (never up), drawn smoothly and encoded as PNG. */
export async function scaledPng(bmp: ImageBitmap, side: number): Promise<Uint8Array> {
  const s = Math.min(1, side / Math.max(bmp.width, bmp.height));
  const w = Math.max(1, Math.round(bmp.width * s));
  const h = Math.max(1, Math.round(bmp.height * s));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw images (no 2D canvas).");
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bmp, 0, 0, w, h);
  return new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
}

/** Saves PNG bytes under a file name through a download link clicked programmatically. */
export function downloadPng(png: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([png.slice().buffer as ArrayBuffer], { type: "image/png" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: the download starts asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

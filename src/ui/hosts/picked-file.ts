/**
 * One image file the user picked or dropped on the standalone page, read and checked: its first
 * bytes (format, size bound), whether the browser can decode it, a thumbnail, and the record it
 * carries when it is an earlier Restyle result.
 */
import { readResultRecipe, refusedRecordReason } from "../../shared/result-png";
import type { ResultRecipe } from "../../shared/result-recipe";
import { scaledPng } from "./page-images";
import { HEADER_BYTES, imageFileProblem, type ImageFormat } from "./image-header";

/** One picked image file. */
export interface PickedFile {
  id: string;
  name: string;
  blob: Blob;
  format: ImageFormat;
  width: number;
  height: number;
  /** The record of an earlier Restyle result, when the file is one. */
  record: ResultRecipe | null;
  /** A small PNG for the panel's layer list. */
  thumbnail?: Uint8Array;
}

/** The file ready to use (with a note when its record is refused), or why it cannot be used; `nextId` is called only for a usable file. */
export async function readPickedFile(f: File, nextId: () => string): Promise<{ picked: PickedFile; note?: string } | { problem: string }> {
  const head = new Uint8Array(await f.slice(0, HEADER_BYTES).arrayBuffer());
  const r = imageFileProblem(f.name, f.size, head);
  if ("problem" in r) return r;
  // The header can lie (a truncated or corrupt file): make sure the browser can decode it.
  let thumbnail: Uint8Array | undefined;
  try {
    const bmp = await createImageBitmap(f);
    thumbnail = await scaledPng(bmp, THUMB_SIDE).catch(() => undefined);
    bmp.close();
  } catch {
    return { problem: `“${f.name}” could not be decoded; the file may be damaged.` };
  }
  // A record sits at the end of the file (before IEND), so a PNG is read whole; the size bound was checked above.
  const bytes = r.header.format === "png" ? new Uint8Array(await f.arrayBuffer()) : null;
  const record = bytes ? readResultRecipe(bytes) : null;
  const refused = bytes && !record ? refusedRecordReason(bytes) : null;
  // The file name without its extension names the layer (and so the result: "<content> · <style>.png").
  const name = f.name.replace(/\.[a-z0-9]{2,5}$/i, "") || f.name;
  const picked: PickedFile = { id: nextId(), name, blob: f, format: r.header.format, width: r.header.width, height: r.header.height, record, thumbnail };
  return refused ? { picked, note: `“${f.name}” ${refused}.` } : { picked };
}

/** Long side of the panel's thumbnails, in px (drawn at twice their CSS size). */
const THUMB_SIDE = 96;

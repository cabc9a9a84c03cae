/**
 * PNG tEXt chunks: add one before IEND, read one back by keyword. Pure bytes, no DOM, no decoding.
 * A chunk is checked (bounds, CRC) before it is trusted; anything malformed reads as absent.
 * The CRC-32 is pngjs's own (the one that checks every chunk pngjs decodes), not a new one.
 */
import Crc from "pngjs/lib/crc";
import { isPng } from "./png-size";
import { concatBytes } from "./concat-bytes";

/** Longest text read or written: a record is a few hundred bytes; more is not ours. */
export const MAX_TEXT_BYTES = 64 * 1024;

const IEND = "IEND";

interface Chunk {
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
  data: Uint8Array;
  crcOk: boolean;
}

const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + (b[o + 1] << 16) + (b[o + 2] << 8) + b[o + 3];

/** The chunks in order, stopping at IEND or at the first one that does not fit in the bytes. */
function chunks(png: Uint8Array): Chunk[] {
  const out: Chunk[] = [];
  let o = 8;
  while (o + 12 <= png.length) {
    const len = u32(png, o);
    const end = o + 12 + len;
    if (end > png.length) break;
    const type = String.fromCharCode(png[o + 4], png[o + 5], png[o + 6], png[o + 7]);
    const data = png.subarray(o + 8, o + 8 + len);
    const crcOk = Crc.crc32(png.subarray(o + 4, o + 8 + len)) >>> 0 === u32(png, o + 8 + len);
    out.push({ type, start: o, end, data, crcOk });
    o = end;
    if (type === IEND) break;
  }
  return out;
}

/** A keyword as the PNG spec allows it: 1–79 printable Latin-1 characters, no leading, trailing or double space. */
function checkKeyword(keyword: string): void {
  if (!/^[\x21-\x7e\xa1-\xff](?:[\x20-\x7e\xa1-\xff]{0,77}[\x21-\x7e\xa1-\xff])?$/.test(keyword) || keyword.includes("  ")) {
    throw new Error(`invalid PNG text keyword ${JSON.stringify(keyword)}`);
  }
}

/** Latin-1 bytes of a string whose every character is below U+0100 (tEXt is Latin-1 only). */
function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error("PNG tEXt holds Latin-1 text only");
    b[i] = c;
  }
  return b;
}

/**
 * The PNG with one tEXt chunk `keyword`/`text` before IEND, replacing any earlier chunks of that
 * keyword. Throws when the bytes are not a whole PNG (no IEND) or the text is too long or not Latin-1.
 */
export function withTextChunk(png: Uint8Array, keyword: string, text: string): Uint8Array {
  checkKeyword(keyword);
  if (!isPng(png)) throw new Error("not a PNG");
  const all = chunks(png);
  const iend = all[all.length - 1];
  if (!iend || iend.type !== IEND) throw new Error("the PNG has no IEND chunk (truncated?)");
  const body = new Uint8Array([...latin1(keyword), 0, ...latin1(text)]);
  if (body.length - keyword.length - 1 > MAX_TEXT_BYTES) throw new Error(`PNG text longer than ${MAX_TEXT_BYTES} bytes`);

  const chunk = new Uint8Array(12 + body.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, body.length);
  chunk.set(latin1("tEXt"), 4);
  chunk.set(body, 8);
  view.setUint32(8 + body.length, Crc.crc32(chunk.subarray(4, 8 + body.length)) >>> 0);

  // Keep every byte up to IEND except earlier chunks of this keyword, then the new chunk, then IEND.
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  for (const c of all) {
    if (c.type === IEND) break;
    if (!(c.type === "tEXt" && keywordOf(c.data) === keyword)) parts.push(png.subarray(c.start, c.end));
  }
  parts.push(chunk, png.subarray(iend.start, iend.end));
  return concatBytes(parts);
}

function keywordOf(data: Uint8Array): string | null {
  const nul = data.indexOf(0);
  return nul > 0 && nul < 80 ? String.fromCharCode(...data.subarray(0, nul)) : null;
}

/**
 * The text of the first intact tEXt chunk named `keyword`, or null when there is none, the bytes
 * are not a PNG, or the chunk is damaged (CRC) or longer than MAX_TEXT_BYTES.
 */
export function readTextChunk(png: Uint8Array, keyword: string): string | null {
  if (!isPng(png)) return null;
  for (const c of chunks(png)) {
    if (c.type !== "tEXt" || !c.crcOk || keywordOf(c.data) !== keyword) continue;
    const text = c.data.subarray(keyword.length + 1);
    if (text.length > MAX_TEXT_BYTES) continue;
    let s = "";
    for (let i = 0; i < text.length; i += 0x8000) s += String.fromCharCode(...text.subarray(i, i + 0x8000));
    return s;
  }
  return null;
}

/** The chunk types in order (for checks and tests). */
export function chunkTypes(png: Uint8Array): string[] {
  return isPng(png) ? chunks(png).map((c) => c.type) : [];
}

/**
 * A result's record inside its PNG (the standalone page's downloads): a tEXt chunk "restyle" whose
 * text is JSON `{ "params": ResultParams, "styleIds": [...] }`, ASCII only (non-ASCII characters
 * as JSON \u escapes, since tEXt is Latin-1). Reading it back goes through parseResultParams, so a
 * record from another version or an edited file is either fully understood or ignored.
 */
import { isObj, isStrArray } from "../kit/guards";
import { readTextChunk, withTextChunk } from "../kit/png-text";
import { parseResultParams, type ResultParams } from "./result-params";

export const RESULT_KEYWORD = "restyle";

export interface PngRecord {
  params: ResultParams;
  /** The styles' ids when the result was made ("gallery:<slug>" for a built-in painting), in the order of params.styleNames. */
  styleIds: string[];
}

const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The PNG with its record written in (replacing an older one). */
export function withResultRecord(png: Uint8Array, params: Record<string, unknown>, styleIds: readonly string[]): Uint8Array {
  return withTextChunk(png, RESULT_KEYWORD, asciiJson({ params, styleIds }));
}

/** The record a PNG carries, or null when it has none or one this version cannot read. */
export function readResultRecord(png: Uint8Array): PngRecord | null {
  const text = readTextChunk(png, RESULT_KEYWORD);
  if (text === null) return null;
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(x)) return null;
  const params = parseResultParams(x.params);
  if (!params) return null;
  const styleIds = isStrArray(x.styleIds) && x.styleIds.length === params.styleNames.length ? x.styleIds : params.styleNames.map(() => "");
  return { params, styleIds };
}

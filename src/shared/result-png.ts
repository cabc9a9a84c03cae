/**
 * A result's record inside its PNG (the standalone page's downloads): a tEXt chunk "restyle" whose
 * text is JSON `{ "params": ResultParams, "styleIds": [...] }`, ASCII only (non-ASCII characters
 * as JSON \u escapes, since tEXt is Latin-1). Reading it back goes through parseResultParams, so a
 * record from another version or an edited file is either fully understood or ignored.
 */
import { isObj, isStrArray } from "../kit/guards";
import { readTextChunk, withTextChunk } from "../kit/png-text";
import { parseResultParams } from "./result-params";
import type { ResultRecipe } from "./result-recipe";

export const RESULT_KEYWORD = "restyle";

const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The PNG with its record written in (replacing an older one). */
export function withResultRecipe(png: Uint8Array, params: Record<string, unknown>, styleIds: readonly string[]): Uint8Array {
  return withTextChunk(png, RESULT_KEYWORD, asciiJson({ params, styleIds }));
}

/** The record a PNG carries, or null when it has none or one this version cannot read. */
export function readResultRecipe(png: Uint8Array): ResultRecipe | null {
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

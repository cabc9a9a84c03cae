/**
 * A result's record inside its PNG (the standalone page's downloads): a tEXt chunk "restyle" whose
 * text is JSON `{ "params": ResultParams, "styleIds": [...] }`, ASCII only (non-ASCII characters
 * as JSON \u escapes, since tEXt is Latin-1). Reading it back goes through parseResultParams, so a
 * record from another version or an edited file is either fully understood or ignored.
 */
import { isObj, isStrArray } from "../kit/guards";
import { recordedStylesProblem } from "./layers";
import { readTextChunk, withTextChunk } from "../kit/png-text";
import { parseResultParams } from "./result-params";
import type { ResultRecipe } from "./result-recipe";

export const RESULT_KEYWORD = "restyle";

const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The PNG with its record written in (replacing an older one). */
export function withResultRecipe(png: Uint8Array, params: Record<string, unknown>, styleIds: readonly string[]): Uint8Array {
  return withTextChunk(png, RESULT_KEYWORD, asciiJson({ params, styleIds }));
}

/** The record's JSON as an object, or null when there is none or it does not parse. */
function recordObject(png: Uint8Array): Record<string, unknown> | null {
  const text = readTextChunk(png, RESULT_KEYWORD);
  if (text === null) return null;
  try {
    const x: unknown = JSON.parse(text);
    return isObj(x) ? x : null;
  } catch {
    return null;
  }
}

/** Why a PNG's record is not used although it has one (more styles than Restyle uses), as a clause after the file's name; else null. */
export function refusedRecordReason(png: Uint8Array): string | null {
  const p = recordObject(png)?.params;
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  return isObj(p) ? recordedStylesProblem(Math.max(count(p.styleNames), count(p.styleWeights))) : null;
}

/** The record a PNG carries, or null when it has none or one this version cannot read. */
export function readResultRecipe(png: Uint8Array): ResultRecipe | null {
  const x = recordObject(png);
  if (!x) return null;
  const params = parseResultParams(x.params);
  if (!params) return null;
  const styleIds = isStrArray(x.styleIds) && x.styleIds.length === params.styleNames.length ? x.styleIds : params.styleNames.map(() => "");
  return { params, styleIds };
}

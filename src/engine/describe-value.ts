/**
 * What a caller passed, in words for a message: a string is named as a string (so "64" is not
 * mistaken for the number 64), typed arrays by their type, long text cut.
 */
export function describeValue(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return withArticle(v.constructor.name);
  return withArticle(typeof v);
}

// "an object", "an ArrayBuffer", but "a Uint16Array" (said "you-int").
const withArticle = (noun: string): string => `${/^(?:[aeio]|u(?!int))/i.test(noun) ? "an" : "a"} ${noun}`;

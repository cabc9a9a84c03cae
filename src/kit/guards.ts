/**
 * Type guards for values that crossed a realm boundary (a postMessage, a script's echoed JSON,
 * stored settings): the one kit every validator in src/shared and the hosts builds on, so that
 * "a number" means the same (finite) everywhere.
 */
export type Obj = Record<string, unknown>;

/** A plain object: not null, not an array. */
export const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
export const isStr = (x: unknown): x is string => typeof x === "string";
export const isBool = (x: unknown): x is boolean => typeof x === "boolean";
/** A finite number (NaN and ±Infinity are not numbers a message may carry). */
export const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
/** A finite number ≥ 0 (a size, a count). */
export const isSize = (x: unknown): x is number => isNum(x) && x >= 0;
/** A safe integer. */
export const isInt = (x: unknown): x is number => Number.isSafeInteger(x);
/** A safe integer ≥ 0 (a request id, an index). */
export const isNonNegInt = (x: unknown): x is number => isInt(x) && x >= 0;
export const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);
/** Non-empty bytes (an image never arrives empty). */
export const isBytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array && x.length > 0;

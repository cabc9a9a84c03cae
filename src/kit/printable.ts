/**
 * Text safe to print on a terminal. A name a user supplies (a file name, an option's value) may
 * hold control characters: ESC would start an escape sequence (recolour, retitle, move the cursor),
 * CR/LF could forge a line, bidi overrides reorder what is read. Each is shown escaped, `\x1b`,
 * `\u202e`, never raw. Every line the CLI and the weights tool print goes through `printable`.
 */

/** C0 controls, DEL, C1 controls, and the bidi / line-separator format characters. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** The same, less the newline: for a whole message whose lines are ours. */
const UNSAFE_KEEP_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A name (a path, a value) with every control or format character escaped, newlines included. */
export function printable(name: string): string {
  return name.replace(UNSAFE, escapeChar);
}

/** A message to print: as `printable`, but the newlines between its own lines are kept. */
export function printableLines(message: string): string {
  return message.replace(UNSAFE_KEEP_NEWLINE, escapeChar);
}

/** JSON text to print: JSON.stringify escapes C0 controls already; the C1 and format characters get `\uXXXX` (still valid JSON). */
export function printableJson(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

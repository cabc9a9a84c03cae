/**
 * Base64 → bytes without `atob` (absent in some workers and old sandboxes, and it builds a binary
 * string twice the size of the data). Accepts the standard and URL-safe alphabets, ignores
 * whitespace and padding; anything else is an error.
 */
const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < abc.length; i++) t[abc.charCodeAt(i)] = i;
  t["-".charCodeAt(0)] = 62;
  t["_".charCodeAt(0)] = 63;
  return t;
})();

export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */ || c === 32 || c === 10 || c === 13 || c === 9) continue;
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
    acc &= 0xff; // only the bits not yet emitted matter
  }
  return out.slice(0, n);
}

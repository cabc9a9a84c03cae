/**
 * The engine bundle's source, which build/html.mjs inlines into every page as a non-executing
 * script block (Figma loads ui.html as one string, so there is no second file to point a worker
 * at). The page starts a worker from this text, or runs it on its own thread as the fallback.
 */

/** Must match build/html.mjs. */
export const ENGINE_SCRIPT_ID = "restyle-engine";

let source: string | null | undefined;

/** The text, or null where the page has none (a dev setup that loads the bundle from a file). */
export function engineSource(): string | null {
  if (source === undefined) {
    const el = typeof document !== "undefined" ? document.getElementById(ENGINE_SCRIPT_ID) : null;
    source = el?.textContent ? el.textContent : null;
  }
  return source;
}

/** Chromium refuses longer URLs (url::kMaxURLChars). */
const MAX_URL_CHARS = 2 * 1024 * 1024;
const DATA_URL_PREFIX = "data:text/javascript;base64,";

/** The source as a data: URL, or null when it would be longer than Chromium accepts. */
export function engineDataUrl(text: string): string | null {
  const bytes = new TextEncoder().encode(text);
  if (DATA_URL_PREFIX.length + Math.ceil(bytes.length / 3) * 4 > MAX_URL_CHARS) return null;
  // btoa takes a binary string; built in chunks, as one call per byte would be slow and one spread would overflow the stack.
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return DATA_URL_PREFIX + btoa(bin);
}

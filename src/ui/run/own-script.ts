/** The text of the inline <script> that holds this bundle: the engine worker's source. */
let source: string | null = null;

/** Call while the bundle's script first runs (document.currentScript is null afterwards). */
export function captureOwnScript(): void {
  const el = typeof document !== "undefined" ? document.currentScript : null;
  // Only an inline script carries its text; a bundle loaded from a file (a dev setup) has none.
  source = el instanceof HTMLScriptElement && !el.src && el.text.length > 0 ? el.text : null;
}

export function ownScript(): string | null {
  return source;
}

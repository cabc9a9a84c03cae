/**
 * Text that came from outside (the panel, a recalled record) before it becomes a layer name or a
 * notice: control characters (C0, DEL, C1, and the bidirectional overrides that can reorder what
 * is shown) become spaces, and the text is cut to `max` characters with an ellipsis.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function boundText(s: string, max: number): string {
  const clean = s.replace(UNSAFE, " ");
  if (clean.length <= max) return clean;
  // Cut on a code point, never inside a surrogate pair.
  return (
    Array.from(clean.slice(0, max))
      .slice(0, max - 1)
      .join("")
      .replace(/[\ud800-\udbff]$/, "") + "…"
  );
}

/**
 * The first code of every panel bundle. The engine is a separate bundle (run/engine-entry.ts),
 * inlined into the page as text and started from there (run/engine.ts), so the panel's bundle
 * carries no tfjs and runs only on the page.
 */
export function bootPanel(startPanel: () => void): void {
  startPanel();
}

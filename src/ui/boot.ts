/**
 * The first code of every panel bundle. The same single-file bundle is also the source of the
 * engine's Web Worker (a Blob URL of its own text: Figma loads ui.html as one string, so there is
 * no second file to point a worker at, and a second copy of tfjs would double the panel's size).
 * In the worker it serves the engine and stops there; on the page it keeps its own text for that
 * worker, then starts the panel. So every module a panel bundle imports must be free of page-only
 * top-level code: the entries keep theirs inside startPanel. (A lazy import() of the entry would
 * allow it, but esbuild then wraps each module in an initialiser: +31 KB of ui.html.)
 */
import { engineWorkerScope, serveEngine } from "./run/engine-worker";
import { captureOwnScript } from "./run/own-script";

export function bootPanel(startPanel: () => void): void {
  const scope = engineWorkerScope();
  if (scope) {
    serveEngine(scope);
    return;
  }
  captureOwnScript(); // now or never: document.currentScript is only set while the script first runs
  startPanel();
}

/**
 * The first code of every panel bundle. The same single-file bundle is also the source of the
 * engine's Web Worker (a Blob URL of its own text: Figma loads ui.html as one string, so there is
 * no second file to point a worker at, and a second copy of tfjs would double the panel's size).
 * In the worker it serves the engine and stops there; on the page it keeps its own text for that
 * worker, then loads the panel. The panel is imported lazily so its page-only top-level code
 * (hosts, DOM) never runs in the worker.
 */
import { engineWorkerScope, serveEngine } from "./run/engine-worker";
import { captureOwnScript } from "./run/own-script";

export function bootPanel(loadPanel: () => Promise<unknown>): void {
  const scope = engineWorkerScope();
  if (scope) {
    serveEngine(scope);
    return;
  }
  captureOwnScript(); // now or never: document.currentScript is only set while the script first runs
  loadPanel().catch((e: unknown) => console.error("restyle: the panel failed to load", e));
}

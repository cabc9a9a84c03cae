/**
 * Entry of the engine bundle (build.mjs): tfjs, stylize and the weights loader, no panel and no
 * weights. The page inlines it as text and starts it as a data: or blob: URL worker, where it
 * serves the engine at once; or, where no worker may start, runs it as a script element on the
 * panel's thread, where it only offers the engine to the page (page-engine.ts) over a MessagePort.
 */
import { engineWorkerScope, portScope, serveEngine } from "./engine-worker";
import { PAGE_ENGINE_KEY, type PageEngineGlobal } from "../shared/page-engine";

const scope = engineWorkerScope();
if (scope) serveEngine(scope);
else (globalThis as PageEngineGlobal)[PAGE_ENGINE_KEY] = (port) => serveEngine(portScope(port));

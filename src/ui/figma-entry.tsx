// Figma panel entry (dist/ui.html): the shared panel over the sandbox's messages. build.mjs calls
// startPanel (the engine is a separate bundle, started by the panel: run/engine.ts).
import { FigmaHost } from "./hosts/figma";
import { mountPanel } from "./mount";

export function startPanel(): void {
  mountPanel(new FigmaHost());
}

// Figma panel entry (dist/ui.html): the shared panel over the sandbox's messages. boot.ts calls
// startPanel on the page only (the same bundle also runs as the engine worker).
import { FigmaHost } from "./hosts/figma";
import { mountPanel } from "./mount";

export function startPanel(): void {
  mountPanel(new FigmaHost());
}

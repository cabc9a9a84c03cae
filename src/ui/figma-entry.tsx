// Figma panel entry (dist/ui.html): the shared panel over the sandbox's messages.
import { FigmaHost } from "./hosts/figma";
import { mountPanel } from "./mount";

mountPanel(new FigmaHost());

/** Puts the shared panel on a page; each host's entry calls this with its Host. */
import { render } from "preact";
import type { Host } from "./hosts/host";
import { App } from "./panel/App";
import "./panel/panel.css";

export function mountPanel(host: Host, el?: HTMLElement): void {
  render(<App host={host} />, el ?? document.getElementById("app") ?? document.body);
}

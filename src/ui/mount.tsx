/** Puts the shared panel on a page; each host's entry calls this with its Host. */
import { render } from "preact";
import type { Host } from "./hosts/host";
import { App } from "./panel/App";
// The panel's styles, in the order they override one another.
import "./panel/panel-theme.css";
import "./panel/panel-layout.css";
import "./panel/panel-status.css";
import "./panel/panel-parts.css";

export function mountPanel(host: Host, el?: HTMLElement): void {
  render(<App host={host} />, el ?? document.getElementById("app") ?? document.body);
}

// Photopea plugin page (dist/photopea/index.html): the shared panel, driving Photopea over live messaging.
import { PhotopeaChannel } from "./hosts/photopea-channel";
import { PhotopeaHost } from "./hosts/photopea";
import { localStorageOrNull } from "./hosts/local-settings";
import { allowedOrigins } from "./hosts/photopea-origin";
import { mountPanel } from "./mount";
import { decodePng } from "./run/png-codec";

// build.mjs calls startPanel on the page only (the same bundle also runs as the engine worker).
export function startPanel(): void {
  const inFrame = window.parent !== window;
  const channel = new PhotopeaChannel({ target: window.parent, events: window, origins: allowedOrigins(location.href) });
  // `?rasterize=1` in the plugin's URL (Photopea's plugin configuration) makes every result a pixel layer.
  const rasterize = new URLSearchParams(location.search).get("rasterize") === "1";
  const host = new PhotopeaHost({ channel, inFrame, storage: localStorageOrNull(), rasterize, decode: (png) => decodePng(png, "layer preview") });
  window.addEventListener("pagehide", () => channel.close());
  mountPanel(host);
}

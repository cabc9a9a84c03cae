// Photopea plugin page (dist/photopea/index.html): the shared panel, driving Photopea over live messaging.
import { PhotopeaChannel } from "./hosts/photopea-channel";
import { PhotopeaHost } from "./hosts/photopea";
import { localStorageOrNull } from "./hosts/local-settings";
import { allowedOrigins } from "./hosts/photopea-origin";
import { mountPanel } from "./mount";

// boot.ts calls startPanel on the page only (the same bundle also runs as the engine worker).
export function startPanel(): void {
  const inFrame = window.parent !== window;
  const channel = new PhotopeaChannel({ target: window.parent, events: window, origins: allowedOrigins(location.href) });
  const host = new PhotopeaHost({ channel, inFrame, storage: localStorageOrNull() });
  window.addEventListener("pagehide", () => channel.close());
  mountPanel(host);
}

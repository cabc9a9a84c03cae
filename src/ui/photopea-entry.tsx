// Photopea plugin page (dist/photopea/index.html): the shared panel, driving Photopea over live messaging.
import { PhotopeaChannel } from "./hosts/photopea-channel";
import { PhotopeaHost } from "./hosts/photopea";
import { allowedOrigins } from "./hosts/photopea-origin";
import { mountPanel } from "./mount";

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage; // throws where third-party storage is blocked
  } catch {
    return null;
  }
}

const inFrame = window.parent !== window;
const channel = new PhotopeaChannel({ target: window.parent, events: window, origins: allowedOrigins(location.href) });
const host = new PhotopeaHost({ channel, inFrame, storage: localStorageOrNull() });
window.addEventListener("pagehide", () => channel.close());
mountPanel(host);

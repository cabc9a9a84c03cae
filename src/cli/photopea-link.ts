/**
 * The Photopea link that opens Photopea with Restyle in its plugin bar, and the words the
 * `npm run photopea` command prints. Photopea reads a URI-encoded JSON configuration after the
 * `#` of its URL; `environment.plugins` lists plugin buttons (name, url, width, height, icon).
 */

export const PHOTOPEA_APP = "https://www.photopea.com";

export interface PhotopeaPlugin {
  name: string;
  url: string;
  width: number;
  height: number;
  icon?: string;
}

/** The panel's size inside Photopea (CSS px); the panel scrolls below this height. */
export const PANEL_WIDTH = 360;
export const PANEL_HEIGHT = 720;

/**
 * A data: URI, so Photopea fetches nothing from the plugin's host until the panel is opened
 * (a public page loading an icon from 127.0.0.1 would already be a Local Network Access request).
 */
export const PLUGIN_ICON = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path d="M3 17c3 0 4-2 4-4l-2-2c-2 0-4 1-4 4v2z" fill="#e0663c"/><path d="M7 11l9-9 2 2-9 9z" fill="#3c7fe0"/></svg>',
).toString("base64")}`;

export function restylePlugin(pageUrl: string): PhotopeaPlugin {
  return { name: "Restyle", url: pageUrl, width: PANEL_WIDTH, height: PANEL_HEIGHT, icon: PLUGIN_ICON };
}

/** `https://www.photopea.com#<encodeURIComponent(JSON)>`, as Photopea's API page describes. */
export function photopeaLink(pageUrl: string): string {
  const parsed = new URL(pageUrl); // throws on a malformed URL: never print a broken link
  const config = { environment: { plugins: [restylePlugin(parsed.href)] } };
  return `${PHOTOPEA_APP}#${encodeURIComponent(JSON.stringify(config))}`;
}

/** True when Chromium treats the host as loopback (its Local Network Access rules then apply). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** What the command prints once the page is served. */
export function startupMessage(pageUrl: string): string {
  const lines = [
    `Restyle's Photopea panel is served at ${pageUrl} (dist/photopea/). Ctrl+C to stop.`,
    "",
    "Open this link: Photopea starts with a Restyle button on its right-hand toolbar; click it to open the panel.",
    "",
    photopeaLink(pageUrl),
    "",
  ];
  if (isLoopbackHost(new URL(pageUrl).hostname)) {
    lines.push(
      "Chrome and Edge 142 or later (Local Network Access): photopea.com is a public site and this page is on your own",
      "computer, so when Photopea opens the Restyle panel the browser asks whether www.photopea.com may access apps and",
      'services on this device (the "loopback network" permission); the panel stays empty until you answer. Choose Allow.',
      'If it was blocked, the panel reads "127.0.0.1 is blocked" (ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS): allow it',
      "under the icon left of the address bar > Site settings for www.photopea.com, then reload Photopea. To avoid the",
      "prompt altogether, put dist/photopea/ on any HTTPS static host and use that URL instead (see docs/photopea.md).",
    );
  }
  return lines.join("\n");
}

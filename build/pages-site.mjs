// The public site GitHub Pages serves (.github/workflows/pages.yml): dist/site/ holds the standalone
// page at its root and the Photopea plugin page at photopea/, each with the h5wasm.js it may load,
// the icons, and photopea/plugin.json, the plugin entry for Photopea (Window > Plugins > Add, or the
// public directory). Every URL inside the pages is relative, so the site works from a sub-path
// (https://OWNER.github.io/restyle/). The site's public URL comes from RESTYLE_PAGES_URL (the
// workflow passes the one GitHub assigns), else package.json's homepage.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Photopea's panel size for Restyle (CSS px): the same numbers as src/cli/photopea-link.ts. */
export const PANEL = { width: 360, height: 720 };

export function pagesUrl(root, env = process.env) {
  const raw = env.RESTYLE_PAGES_URL || JSON.parse(readFileSync(join(root, "package.json"), "utf8")).homepage;
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.hostname !== "127.0.0.1") throw new Error(`RESTYLE_PAGES_URL must be an https URL (got ${raw})`);
  return url.href.endsWith("/") ? url.href : url.href + "/";
}

/** The plugin entry Photopea reads: name, the page's URL, the panel's size, an icon. */
export function photopeaEntry(base) {
  return { name: "Restyle", url: new URL("photopea/", base).href, width: PANEL.width, height: PANEL.height, icon: new URL("icon-128.png", base).href };
}

/** The link that opens Photopea with Restyle in its plugin bar (Photopea's #-configuration). */
export function photopeaOpenLink(entry) {
  return `https://www.photopea.com#${encodeURIComponent(JSON.stringify({ environment: { plugins: [entry] } }))}`;
}

/**
 * Hosts that read a _headers file (Netlify, Cloudflare Pages) send these; GitHub Pages ignores it
 * and sends no X-Frame-Options, so Photopea can frame the page there too (see docs/photopea.md).
 */
const HEADERS = `/photopea/*
  Content-Security-Policy: frame-ancestors https://www.photopea.com https://photopea.com
  X-Content-Type-Options: nosniff
/*
  X-Content-Type-Options: nosniff
`;

export function writePagesSite(root) {
  const dist = join(root, "dist");
  const site = join(dist, "site");
  const base = pagesUrl(root);
  rmSync(site, { recursive: true, force: true });
  mkdirSync(join(site, "photopea"), { recursive: true });
  for (const f of ["index.html", "h5wasm.js"]) {
    copyFileSync(join(dist, "app", f), join(site, f));
    copyFileSync(join(dist, "photopea", f), join(site, "photopea", f));
  }
  copyFileSync(join(root, "assets/brand/icon.svg"), join(site, "icon.svg"));
  copyFileSync(join(root, "assets/brand/icon-128.png"), join(site, "icon-128.png"));
  const entry = photopeaEntry(base);
  writeFileSync(join(site, "photopea", "plugin.json"), JSON.stringify(entry, null, 2) + "\n");
  writeFileSync(join(site, "photopea", "open.txt"), photopeaOpenLink(entry) + "\n");
  writeFileSync(join(site, "_headers"), HEADERS);
  writeFileSync(join(site, ".nojekyll"), "");
  return { site, base, entry };
}

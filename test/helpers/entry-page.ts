/**
 * A test page made of one bundled entry script, served on 127.0.0.1 and opened in Debian's
 * Chromium: what the browser tests of one module (not a whole built page) share.
 */
import * as esbuild from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium, type Launched } from "./chromium";
import { REPO } from "./paths";
import { serveDir, type StaticServer } from "./static-server";

export interface EntryPage {
  /** The page's folder (page.js, index.html); tests may add files beside them. */
  dir: string;
  server: StaticServer;
  browser: Launched;
  /** The page's address. */
  url: string;
  close(): Promise<void>;
}

/** Bundles `entry` (repository-relative) into index.html + page.js in a fresh folder, serves it and launches Chromium. */
export async function openEntryPage(
  entry: string,
  opts: { define?: Record<string, string>; launch?: Parameters<typeof launchChromium>[0] } = {},
): Promise<EntryPage> {
  const dir = mkdtempSync(join(tmpdir(), "restyle-entry-page-"));
  await esbuild.build({
    entryPoints: [join(REPO, entry)],
    outfile: join(dir, "page.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    logLevel: "warning",
    define: opts.define,
  });
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script src="page.js"></script>`);
  const server = await serveDir(dir);
  const browser = await launchChromium(opts.launch);
  return {
    dir,
    server,
    browser,
    url: server.url + "index.html",
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves dist/ui.html (rebuilt) beside a harness page that plays the Figma sandbox with the shared
 * fixture PNGs: a 64×64 "Photo" content and a 32×48 "Starry" style, and a tiny Lite run's settings.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { IMAGES, REPO } from "../helpers/paths";
import { serveDir, type StaticServer } from "../helpers/static-server";
import { HARNESS_PATH, harnessHtml } from "./figma-harness";

export const CONTENT = "fixture_content_64x64.png";
export const STYLE = "fixture_style_32x48.png";

/** `settings` are merged over the tiny run's (what the harness's clientStorage holds at start). */
export async function serveFigmaHarness(opts: { sandbox?: boolean; settings?: Record<string, unknown> } = {}): Promise<StaticServer> {
  // CI builds weights/lite first (npm test does, from ../shared/vgg19); without them the panel cannot run offline.
  if (!existsSync(join(REPO, "weights/lite/manifest.json"))) throw new Error("weights/lite is missing: run `npm run weights -- --from ../shared/vgg19` first");
  execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "ui"], { cwd: REPO, stdio: "inherit" });
  const layers = [
    { id: "1:2", name: "Photo", width: 64, height: 64, src: "/fixtures/content.png" },
    { id: "1:3", name: "Starry", width: 32, height: 48, src: "/fixtures/style.png" },
  ];
  const settings = { size: 32, iterations: 4, preset: "lite", strength: 0.9, preserveColors: false, styleScale: 1, styleWeights: [], ...opts.settings };
  const fixtures: Record<string, string> = { "/fixtures/content.png": CONTENT, "/fixtures/style.png": STYLE };
  return serveDir(join(REPO, "dist"), {
    intercept: async (_req, res, path) => {
      if (path === HARNESS_PATH) {
        res.writeHead(200, { "Content-Type": "text/html" }).end(harnessHtml(layers, settings, opts));
        return true;
      }
      if (fixtures[path]) {
        res.writeHead(200, { "Content-Type": "image/png" }).end(await readFile(join(IMAGES, fixtures[path])));
        return true;
      }
      return false;
    },
  });
}

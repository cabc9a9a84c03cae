// Where the paintings' bytes ship: inside every built page's panel script and in the CLI bundle,
// never in the engine bundle (inlined into each page as its own block and started as a worker).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import { CLI_BUILD_OPTIONS } from "../../build/cli-options.mjs";
import { readGallery } from "../../build/gallery.mjs";
import { REPO } from "../helpers/paths";

const ENGINE_BLOCK = /<script type="text\/plain" id="restyle-engine">([\s\S]*?)<\/script>/;
const PAGES = ["dist/ui.html", "dist/photopea/index.html", "dist/app/index.html"];

/** A stretch of each painting's base64 from the middle of the file (every JPEG's first bytes look alike). */
const marks = readGallery(REPO).entries.map((e) => {
  const b64 = e.bytes.toString("base64");
  return { slug: e.meta.slug, mark: b64.slice(b64.length / 2, b64.length / 2 + 80), whole: b64 };
});

describe("the gallery in the built bundles", () => {
  it("every page's panel script carries each painting whole; the engine block carries none", () => {
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "ui,photopea,app"], { cwd: REPO, stdio: "inherit" });
    for (const page of PAGES) {
      const html = readFileSync(join(REPO, page), "utf8");
      const engine = ENGINE_BLOCK.exec(html)?.[1] ?? "";
      expect(engine.length, `${page}: engine block`).toBeGreaterThan(100_000);
      const panel = html.replace(ENGINE_BLOCK, "");
      for (const m of marks) {
        expect(panel.includes(m.whole), `${page}: ${m.slug} in the panel`).toBe(true);
        expect(engine.includes(m.mark), `${page}: ${m.slug} in the engine`).toBe(false);
      }
    }
  });

  it("the CLI bundle carries them (restyle --style-preset needs no file beside it)", async () => {
    const r = await esbuild.build({ entryPoints: [join(REPO, "src/cli/restyle.ts")], ...CLI_BUILD_OPTIONS, write: false, logLevel: "warning" });
    const js = r.outputFiles[0].text;
    for (const m of marks) expect(js.includes(m.whole), m.slug).toBe(true);
  });
});

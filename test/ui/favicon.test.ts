// Every built page (the Figma panel, the Photopea page, the web page) is written by inlineHtml, which
// carries the brand icon inline as the favicon: no page asks its host for /favicon.ico.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM build helper without types
import { inlineHtml } from "../../build/html.mjs";
import { REPO } from "../helpers/paths";

describe("favicon", () => {
  it("is the brand icon, inline in the page's head", () => {
    const html: string = inlineHtml({ js: "", css: "", title: "Restyle" });
    const m = /<head>[\s\S]*<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)">[\s\S]*<\/head>/.exec(html);
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1], "base64").equals(readFileSync(join(REPO, "assets/brand/icon.svg")))).toBe(true);
  });

  it("is on every page the build writes: each one goes through inlineHtml", () => {
    const build = readFileSync(join(REPO, "build.mjs"), "utf8");
    const pages = [...build.matchAll(/htmlTarget\("(src\/ui\/[\w-]+\.tsx)", "(dist\/[\w/.]+\.html)"/g)].map((m) => m[2]);
    expect(pages.sort()).toEqual(["dist/app/index.html", "dist/photopea/index.html", "dist/ui.html"]);
    expect(build).toMatch(/writeFileSync\(out, inlineHtml\(/);
  });
});

// dist/plugin.js as Figma runs it: an ES2017 script with no DOM, no atob, only the `figma` global.
import { build } from "esbuild";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/paths";
import { createFigmaEmulation } from "../emulation/figma/figma-api";

describe("the sandbox bundle", () => {
  it("starts in a bare context with only `figma`, and carries no syntax newer than ES2017", async () => {
    const out = await build({
      entryPoints: [join(REPO, "src/plugin/main.ts")],
      bundle: true,
      write: false,
      format: "iife",
      target: "es2017",
      platform: "neutral",
      logLevel: "silent",
    });
    const js = out.outputFiles[0].text;
    expect(js).not.toMatch(/\?\.[\w([]|\?\?=?|\batob\b|\bdocument\.|\bwindow\./);
    expect(js.length).toBeLessThan(64 * 1024); // no engine or tfjs pulled into the sandbox by mistake
    const emu = createFigmaEmulation();
    const context = { figma: emu.figma, __html__: "<html>panel</html>", console };
    runInNewContext(js, context);
    expect(emu.showUiCalls).toEqual([{ html: "<html>panel</html>", options: { width: 320, height: 640, themeColors: true, title: "Restyle" } }]);
    expect(typeof emu.uiHandler()).toBe("function");
  });
});

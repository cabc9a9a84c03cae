// dist/ui.html's two bundles: the engine (inlined as text, started as a worker or on the panel's
// thread) carries tfjs but no panel and no weights, and fits in a data: URL; the panel's script
// carries the Lite weights but no tfjs, so tfjs ships once.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engineDataUrl } from "../../src/ui/engine-link/engine-source";
import { REPO } from "../helpers/paths";

const ENGINE_BLOCK = /<script type="text\/plain" id="restyle-engine">([\s\S]*?)<\/script>/;

describe("dist/ui.html", () => {
  it("inlines an engine small enough for a data: URL, with tfjs, without the panel or the weights; the panel script has no tfjs", () => {
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "ui"], { cwd: REPO, stdio: "inherit" });
    const html = readFileSync(join(REPO, "dist/ui.html"), "utf8");
    const engine = ENGINE_BLOCK.exec(html)?.[1] ?? "";
    const panel = html.replace(ENGINE_BLOCK, "");
    const url = engineDataUrl(engine);
    console.log(`ui.html ${html.length} B; engine ${engine.length} B, as a data: URL ${url?.length} chars; panel script and page ${panel.length} B`);
    expect(url).not.toBeNull();
    expect(url!.length).toBeLessThan(2 * 1024 * 1024);
    // A tfjs flag name stands for tfjs; a label of the panel for the panel; a shard name for the weights.
    expect(engine).toContain("WEBGL_VERSION");
    expect(panel).not.toContain("WEBGL_VERSION");
    expect(engine).not.toMatch(/Load from files|conv1_1\.bin/);
    expect(panel).toContain("Load from files");
    if (existsSync(join(REPO, "weights/lite/manifest.json"))) expect(panel).toContain("conv1_1.bin");
  });

  it("refuses a data: URL past Chromium's 2 MiB, and one that fits decodes to the source", () => {
    expect(engineDataUrl("x".repeat(1.6 * 1024 * 1024))).toBeNull();
    const text = "self.onmessage = () => 'é';";
    const url = engineDataUrl(text)!;
    expect(new TextDecoder().decode(Buffer.from(url.slice(url.indexOf(",") + 1), "base64"))).toBe(text);
  });
});

// The built `restyle` CLI end to end on the shared fixtures at tiny sizes: output, --json, --help.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readImageFile } from "../../src/node/image-io";
import { EXIT } from "../../src/cli/exit-codes";
import { IMAGES, REPO } from "../helpers/paths";
import { buildCliEntry, makeLiteWeights, runNode } from "./build-cli";

const CONTENT = join(IMAGES, "fixture_content_64x64.png");
const STYLE = join(IMAGES, "fixture_style_32x48.png");
let cli = "";
let weights = "";
let tmp = "";

beforeAll(async () => {
  [cli, weights] = await Promise.all([buildCliEntry("restyle"), makeLiteWeights()]);
  tmp = mkdtempSync(join(tmpdir(), "restyle-cli-"));
});

const tiny = () => ["--size", "32", "--iterations", "2", "--scales", "1", "--weights", weights];

describe("restyle CLI", () => {
  it("stylises the fixtures, writes a PNG of the asked size and a JSON summary", async () => {
    const out = join(tmp, "out.png");
    const r = await runNode(cli, [CONTENT, STYLE, "-o", out, ...tiny(), "--json", "--optimizer", "adam"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(EXIT.ok);
    const summary = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(summary).toMatchObject({ ok: true, output: out, width: 32, height: 32, iterations: 2, backend: "wasm" });
    expect(summary.options).toMatchObject({ optimizer: "adam", size: 32, preset: "lite", backend: "wasm" });
    for (const k of ["losses", "evaluations", "msPerIteration", "peakBytes"]) expect(summary).toHaveProperty(k);
    expect(summary).toMatchObject({ scales: [[32, 32]], tiles: [1] });
    const losses = summary.losses as { start: { total: number }; end: { total: number; style: number; content: number } };
    expect(losses.end.total).toBeLessThan(losses.start.total);
    expect(Number.isFinite(losses.end.style)).toBe(true);
    const img = await readImageFile(out);
    expect([img.width, img.height]).toEqual([32, 32]);
    // Not a TTY here: plain progress lines, no carriage returns.
    expect(r.stderr).toMatch(/iter 2\/2 {2}32×32 {2}loss/);
    expect(r.stderr).not.toContain("\r");
  });

  it("keeps the content's aspect ratio and reads JPEG input", async () => {
    const out = join(tmp, "jpeg.png");
    const r = await runNode(cli, [join(IMAGES, "content_chelsea.jpg"), STYLE, "-o", out, ...tiny(), "--quiet"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^Wrote .*jpeg\.png \(32×21\)/);
    expect(r.stderr).toBe("");
    const img = await readImageFile(out);
    expect([img.width, img.height]).toEqual([32, 21]);
  });

  it("--style-preset paints with the built-in painting: the same PNG bytes as its JPEG given as a style file", async () => {
    const [viaPreset, viaFile] = [join(tmp, "preset.png"), join(tmp, "file.png")];
    const r = await runNode(cli, [CONTENT, "--style-preset", "starry-night", "-o", viaPreset, ...tiny(), "--json"]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).toContain("restyle: style starry-night: The Starry Night, Vincent van Gogh, 1889 (built in)");
    expect(JSON.parse(r.stdout.trim())).toMatchObject({
      ok: true,
      width: 32,
      height: 32,
      styles: [{ preset: "starry-night", title: "The Starry Night", weight: 1 }],
    });
    const f = await runNode(cli, [CONTENT, join(REPO, "assets/gallery/starry-night.jpg"), "-o", viaFile, ...tiny(), "--quiet"]);
    expect(f.code, f.stderr).toBe(EXIT.ok);
    expect([(await readImageFile(viaPreset)).width, (await readImageFile(viaPreset)).height]).toEqual([32, 32]);
    expect(readFileSync(viaPreset).equals(readFileSync(viaFile))).toBe(true);
  });

  it("blends a style file with a preset by --style-weights (files first) and lists the built-in styles", async () => {
    const out = join(tmp, "blend.png");
    const r = await runNode(cli, [CONTENT, STYLE, "--style-preset", "the-kiss", "--style-weights", "1,3", "-o", out, ...tiny(), "--json"]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout.trim()).styles).toEqual([
      { path: STYLE, weight: 1 },
      { preset: "the-kiss", title: "The Kiss", weight: 3 },
    ]);
    expect((await readImageFile(out)).width).toBe(32);
    const list = await runNode(cli, ["--list-styles"]);
    expect(list.code).toBe(EXIT.ok);
    expect(
      list.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(["starry-night", "the-scream", "great-wave", "composition-vii", "the-kiss"]);
    expect(list.stdout).toContain("the-scream       The Scream, Edvard Munch, 1893\n");
  });

  // Every failure case (exit codes 2–8, 130) is in bad-input.test.ts.
  it("--help documents the exit codes and exits 0", async () => {
    const r = await runNode(cli, ["--help"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/Usage: restyle/);
    expect(r.stdout).toMatch(/Exit codes:/);
  });
});

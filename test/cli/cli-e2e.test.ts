// The built `restyle` CLI end to end on the shared fixtures at tiny sizes: output, --json, --help.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readImageFile } from "../../src/node/image-io";
import { EXIT } from "../../src/cli/exit-codes";
import { IMAGES } from "../helpers/paths";
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
    const losses = summary.losses as { start: { total: number }; end: { total: number; style: number; content: number } };
    expect(losses.end.total).toBeLessThan(losses.start.total);
    expect(Number.isFinite(losses.end.style)).toBe(true);
    const img = await readImageFile(out);
    expect([img.width, img.height]).toEqual([32, 32]);
    // Not a TTY here: plain progress lines, no carriage returns.
    expect(r.stderr).toMatch(/iter 2\/2 {2}scale 1\/1 \(32×32\)/);
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

  // Every failure case (exit codes 2–8, 130) is in bad-input.test.ts.
  it("--help documents the exit codes and exits 0", async () => {
    const r = await runNode(cli, ["--help"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/Usage: restyle/);
    expect(r.stdout).toMatch(/Exit codes:/);
  });
});

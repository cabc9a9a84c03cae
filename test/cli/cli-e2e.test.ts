// The built `restyle` CLI end to end on the shared fixtures at tiny sizes: output, --json, every exit code.
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
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

  it("exit 2 on a bad option, with the reason and a JSON error under --json", async () => {
    const r = await runNode(cli, [CONTENT, STYLE, "--strength", "2", "--json"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/--strength must be between 0 and 1/);
    expect(r.stderr).toMatch(/restyle --help/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: "bad-options", exitCode: 2 } });
  });

  it("exit 3 when an input file is missing", async () => {
    const r = await runNode(cli, [join(tmp, "nope.png"), STYLE, ...tiny()]);
    expect(r.code).toBe(EXIT.inputFile);
    expect(r.stderr).toMatch(/Cannot read the content image .*nope\.png: no such file/);
  });

  it("exit 4 on a file that is not PNG or JPEG", async () => {
    const fake = join(tmp, "fake.png");
    writeFileSync(fake, "GIF89a this is not a png");
    const r = await runNode(cli, [CONTENT, fake, ...tiny()]);
    expect(r.code).toBe(EXIT.badImage);
    expect(r.stderr).toMatch(/fake\.png is GIF, not PNG or JPEG/);
  });

  it("exit 5 when the weights are absent, naming the command that gets them", async () => {
    const r = await runNode(cli, [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", join(tmp, "no-weights")]);
    expect(r.code).toBe(EXIT.weightsMissing);
    expect(r.stderr).toMatch(/npm run weights/);
  });

  it("exit 8 when the output cannot be written", async () => {
    const r = await runNode(cli, [CONTENT, STYLE, "-o", join(tmp, "no-such-dir", "x.png"), ...tiny()]);
    expect(r.code).toBe(EXIT.outputFile);
    expect(r.stderr).toMatch(/Cannot write the output .*x\.png: no such file/);
  });

  it("--help documents the exit codes and exits 0", async () => {
    const r = await runNode(cli, ["--help"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/Usage: restyle/);
    expect(r.stdout).toMatch(/Exit codes:/);
  });
});

// A fresh clone without weights/: the build converts a local copy and inlines it, fails with the fix
// when there is no source at all (the network attempt goes to a closed local port, never out), and
// builds a weightless panel only when asked. Also: the manifest allows exactly the pinned folder.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PINNED_BASE_URL } from "../../../src/weights/core/pinned-source";
// @ts-expect-error plain ESM build helper without types
import { allowedDomainsCover } from "../../../build/allowed-domains.mjs";
import { pinnedWeightsUrl } from "../../../build/pinned-weights-url.mjs";
import { REPO, VGG_RAW } from "../../helpers/paths";
import { scratch } from "../fixtures";

const tmp = scratch("fresh-clone");
afterAll(() => tmp.cleanup());

/** A checkout without weights/ or dist/: sources linked, build.mjs copied (its root is its own folder). */
function freshClone(name: string): string {
  const dir = join(tmp.dir, name, "repo"); // ../shared/vgg19 does not exist beside it
  mkdirSync(dir, { recursive: true });
  for (const f of ["src", "build", "assets", "node_modules", "package.json", "tsconfig.json"]) symlinkSync(join(REPO, f), join(dir, f));
  for (const f of ["build.mjs", "manifest.json"]) copyFileSync(join(REPO, f), join(dir, f));
  return dir;
}

function build(dir: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ["build.mjs", "--only", "ui", ...args], {
    cwd: dir,
    env: { ...process.env, RESTYLE_WEIGHTS_FROM: "", RESTYLE_WEIGHTS_URL: "http://127.0.0.1:9/model/", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe("npm run build on a fresh clone", () => {
  it("with RESTYLE_WEIGHTS_FROM=../shared/vgg19 converts the lite weights and inlines them in ui.html", () => {
    const dir = freshClone("from");
    const r = build(dir, { RESTYLE_WEIGHTS_FROM: VGG_RAW });
    expect(r.status, r.out).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "weights/lite/manifest.json"), "utf8")) as { layers: string[] };
    expect(manifest.layers).toEqual(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2"]);
    const html = readFileSync(join(dir, "dist/ui.html"), "utf8");
    for (const l of manifest.layers) {
      const b64 = readFileSync(join(dir, `weights/lite/${l}.bin`)).toString("base64");
      expect(html.includes(b64), l).toBe(true);
    }
  });

  it("with no source at all exits non-zero, naming what it tried and the command that fixes it", () => {
    const dir = freshClone("none");
    const r = build(dir, {});
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("The panel needs the Lite VGG19 weights (weights/lite/) and none could be obtained");
    expect(r.out).toContain("http://127.0.0.1:9/model/: could not be downloaded");
    expect(r.out).toContain("Fix: RESTYLE_WEIGHTS_FROM=PATH npm run build");
    expect(existsSync(join(dir, "dist/ui.html"))).toBe(false);
  });

  it("--no-weights builds a panel without them, on purpose", () => {
    const dir = freshClone("none2");
    const r = build(dir, {}, "--no-weights");
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain("--no-weights");
    const html = readFileSync(join(dir, "dist/ui.html"), "utf8");
    expect(html).not.toContain("conv1_1.bin"); // no lite shard inlined
    expect(html.length).toBeLessThan(4_000_000); // engine, panel, the compressed h5 converter and the built-in paintings (1.25 MB as base64) only; the lite weights add 3 MB
    rmSync(join(dir, "dist"), { recursive: true, force: true });
  });
});

describe("manifest.json networkAccess", () => {
  const manifest = JSON.parse(readFileSync(join(REPO, "manifest.json"), "utf8")) as { networkAccess: { allowedDomains: string[]; reasoning: string } };
  it("allows the pinned folder and nothing wider; build.mjs's default is the same URL", () => {
    const allowed = manifest.networkAccess.allowedDomains;
    expect(allowed).toEqual([PINNED_BASE_URL]);
    expect(allowedDomainsCover(allowed, PINNED_BASE_URL + "group13-shard3of3")).toBe(true);
    expect(allowedDomainsCover(allowed, "https://raw.githubusercontent.com/DavidCai1993/other/x")).toBe(false);
    expect(allowedDomainsCover(allowed, "https://raw.githubusercontent.com/")).toBe(false);
    expect(manifest.networkAccess.reasoning).toMatch(/Full quality preset \(52 MB, once per session\)/);
  });
  it("build.mjs's default is the same URL, read from pinned-source.ts (no copy of it in the build)", async () => {
    expect(await pinnedWeightsUrl(REPO)).toBe(PINNED_BASE_URL);
    expect(readFileSync(join(REPO, "build.mjs"), "utf8")).toContain("process.env.RESTYLE_WEIGHTS_URL || (await pinnedWeightsUrl(root))");
    expect(readFileSync(join(REPO, "build.mjs"), "utf8")).not.toContain("raw.githubusercontent.com");
  });
  it("reads Figma's entry forms: origins, wildcard hosts, path prefixes, exact paths", () => {
    expect(allowedDomainsCover(["https://example.com"], "https://example.com/a/b")).toBe(true);
    expect(allowedDomainsCover(["http://example.com"], "https://example.com/a")).toBe(false);
    expect(allowedDomainsCover(["*.example.com"], "https://cdn.example.com/a")).toBe(true);
    expect(allowedDomainsCover(["example.com/api/"], "https://example.com/api/x")).toBe(true);
    expect(allowedDomainsCover(["example.com/api/"], "https://example.com/apix")).toBe(false);
    expect(allowedDomainsCover(["exact-path.com/content"], "https://exact-path.com/content")).toBe(true);
    expect(allowedDomainsCover(["exact-path.com/content"], "https://exact-path.com/content/more")).toBe(false);
  });
});

/**
 * `npm run photopea` as a user runs it: the bundled CLI serves dist/photopea on 127.0.0.1 and
 * prints one Photopea link; the link's `#` configuration decodes to the plugin entry naming the
 * served page, and the page answers with what Photopea's iframe needs (HTML, framable by Photopea).
 */
import * as esbuild from "esbuild";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BUILD_OPTIONS } from "../../build/cli-options.mjs";
import { photopeaLink } from "../../src/cli/photopea-link";
import { ARTIFACTS, REPO } from "../helpers/paths";

const PAGE = join(REPO, "dist/photopea/index.html");
let cli = "";
let child: ChildProcess | null = null;
let stdout = "";

beforeAll(async () => {
  if (!existsSync(PAGE)) execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "photopea"], { cwd: REPO, stdio: "inherit" });
  mkdirSync(join(ARTIFACTS, "cli"), { recursive: true });
  cli = join(ARTIFACTS, "cli", "photopea.js");
  await esbuild.build({ entryPoints: [join(REPO, "src/cli/photopea.ts")], outfile: cli, ...CLI_BUILD_OPTIONS, logLevel: "warning" });
  child = spawn(process.execPath, [cli, "--port", "0"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const deadline = Date.now() + 15_000;
  while (!/https:\/\/www\.photopea\.com#\S+/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}, 120_000);

afterAll(() => {
  child?.kill("SIGTERM");
});

/** The one Photopea link in the output, decoded. */
function printedConfig(): { link: string; config: { environment: { plugins: Array<Record<string, unknown>> } } } {
  const links = stdout.match(/https:\/\/www\.photopea\.com#\S+/g) ?? [];
  expect(links).toHaveLength(1);
  const link = links[0] ?? "";
  return { link, config: JSON.parse(decodeURIComponent(link.slice(link.indexOf("#") + 1))) };
}

describe("npm run photopea", () => {
  it("prints one Photopea link whose configuration names the served page as a plugin", () => {
    const { link, config } = printedConfig();
    expect(link).not.toMatch(/[\s"{}]/); // fully URI-encoded: survives copying and terminals' link detection
    expect(Object.keys(config)).toEqual(["environment"]);
    expect(config.environment.plugins).toHaveLength(1);
    const p = config.environment.plugins[0];
    expect(p).toMatchObject({ name: "Restyle", width: 360, height: 720 });
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(stdout).toContain(`served at ${p.url}`);
    expect(String(p.icon)).toMatch(/^data:image\/svg\+xml;base64,/); // no request to 127.0.0.1 before the panel opens
    // What the user is told about Chromium's Local Network Access prompt.
    expect(stdout).toMatch(/Local Network Access/);
    expect(stdout).toMatch(/Choose Allow/);
    expect(stdout).toMatch(/127\.0\.0\.1 is blocked/);
  });

  it("the served page is the built plugin page, with the headers Photopea's iframe needs", async () => {
    const { config } = printedConfig();
    const url = String(config.environment.plugins[0].url);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-frame-options")).toBeNull(); // Photopea shows plugins in an iframe
    const ancestors = (res.headers.get("content-security-policy") ?? "").match(/frame-ancestors ([^;]*)/)?.[1].split(" ") ?? [];
    expect(ancestors).toEqual(expect.arrayContaining(["https://www.photopea.com", "https://photopea.com"]));
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(PAGE))).toBe(true);
    // The files the build puts beside the page, and nothing else.
    const h5 = await fetch(new URL("h5wasm.js", url));
    expect(h5.status).toBe(existsSync(join(REPO, "dist/photopea/h5wasm.js")) ? 200 : 404);
    if (h5.ok) expect(h5.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await fetch(new URL("/package.json", url))).status).toBe(404);
    expect((await fetch(new URL("/index.html.bak", url))).status).toBe(404);
    expect((await fetch(new URL("/dist/photopea/index.html", url))).status).toBe(404);
    expect((await fetch(new URL("/%2e%2e/package.json", url))).status).toBe(404);
    expect((await fetch(url, { method: "POST" })).status).toBe(405);
  });

  it("refuses a bad port with a message, and links are built only from valid URLs", async () => {
    const bad = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const c = spawn(process.execPath, [cli, "--port", "70000"], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      c.on("close", (code) => resolve({ code, err }));
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--port must be an integer from 0 to 65535/);
    expect(() => photopeaLink("not a url")).toThrow();
  });
});

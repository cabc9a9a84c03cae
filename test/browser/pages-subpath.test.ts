/**
 * The GitHub Pages site (dist/site, build/pages-site.mjs) served from a sub-path, /restyle/, as Pages
 * serves a project site: the standalone page and the Photopea plugin page load in Chromium with no
 * request that fails or leaves /restyle/ (the favicon included), and the committed plugin entry
 * matches what the build writes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pagesUrl, photopeaEntry, photopeaOpenLink } from "../../build/pages-site.mjs";
import { PANEL_HEIGHT, PANEL_WIDTH, photopeaLink } from "../../src/cli/photopea-link";
import { launchChromium, type Launched } from "../helpers/chromium";
import { REPO } from "../helpers/paths";

const SITE = join(REPO, "dist/site");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};
let server: Server;
let origin = "";
let browser: Launched;
/** Every request path the server saw, with the status it answered. */
const seen: Array<{ path: string; status: number }> = [];

/** Like GitHub Pages for a project site: only /restyle/…; a folder without its slash is redirected. */
async function answer(pathname: string): Promise<{ status: number; body?: Buffer; headers?: Record<string, string> }> {
  if (!pathname.startsWith("/restyle/")) return { status: 404 };
  const rel = normalize(pathname.slice("/restyle/".length)).replace(/^(\.\.[/\\])+/, "");
  if (rel === "photopea") return { status: 301, headers: { Location: "/restyle/photopea/" } };
  const file = join(SITE, rel === "." || rel.endsWith("/") || rel === "" ? join(rel, "index.html") : rel);
  try {
    return { status: 200, body: await readFile(file), headers: { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" } };
  } catch {
    return { status: 404 };
  }
}

beforeAll(async () => {
  const parts = existsSync(join(REPO, "dist/app/index.html")) && existsSync(join(REPO, "dist/photopea/index.html")) ? "site" : "app,photopea,site";
  execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", parts], { cwd: REPO, stdio: "inherit" });
  server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const a = await answer(pathname);
    seen.push({ path: pathname, status: a.status });
    res.writeHead(a.status, a.headers ?? { "Content-Type": "text/plain" }).end(a.body ?? "not found");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

describe("the Pages site from /restyle/", () => {
  it.each(["/restyle/", "/restyle/photopea"])("%s loads with no failed or outside request", async (path) => {
    seen.length = 0;
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /404|Failed to load resource/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });
    await page.goto(origin + path);
    await page.waitForSelector("main.restyle", { timeout: 60_000 });
    await page.waitForTimeout(1000);
    expect(problems).toEqual([]);
    expect(seen.filter((s) => !s.path.startsWith("/restyle/") || s.status >= 400)).toEqual([]);
    expect(seen.some((s) => s.path.endsWith("favicon.ico"))).toBe(false);
    expect(await page.getAttribute('link[rel="icon"]', "href")).toMatch(/^data:image\/svg\+xml;base64,/);
    await page.close();
  });

  it("the plugin entry: the built one, the committed one and the link agree", async () => {
    const base = pagesUrl(REPO, {});
    const entry = photopeaEntry(base);
    expect(entry).toMatchObject({ name: "Restyle", url: `${base}photopea/`, width: PANEL_WIDTH, height: PANEL_HEIGHT });
    expect(JSON.parse(readFileSync(join(SITE, "photopea/plugin.json"), "utf8"))).toEqual(photopeaEntry(pagesUrl(REPO)));
    expect(JSON.parse(readFileSync(join(REPO, "docs/photopea-plugin.json"), "utf8"))).toEqual(entry);
    const link = photopeaOpenLink(entry);
    // The same form as the link `npm run photopea` prints, which differs only in its inline icon.
    const config = (l: string) => JSON.parse(decodeURIComponent(l.slice(l.indexOf("#") + 1))) as { environment: { plugins: Array<Record<string, unknown>> } };
    const cli = photopeaLink(entry.url);
    expect(link.slice(0, link.indexOf("#"))).toBe(cli.slice(0, cli.indexOf("#")));
    expect({ ...config(link).environment.plugins[0], icon: "" }).toEqual({ ...config(cli).environment.plugins[0], icon: "" });
    expect(readFileSync(join(REPO, "docs/photopea.md"), "utf8")).toContain(link);
    const icon = await fetch(`${origin}/restyle/${new URL(entry.icon).pathname.split("/").pop()}`);
    expect(icon.status).toBe(200);
    expect(
      Buffer.from(await icon.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });
});

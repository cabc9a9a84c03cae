import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeFor, startAppServer, type AppServer } from "../../src/cli/app-server";

let dist: string;
let server: AppServer;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), "restyle-dist-"));
  mkdirSync(join(dist, "app"));
  mkdirSync(join(dist, "photopea"));
  writeFileSync(join(dist, "app/index.html"), "<p>app</p>");
  writeFileSync(join(dist, "photopea/index.html"), "<p>photopea</p>");
  writeFileSync(join(dist, "app/h5wasm.js"), "/* h5 */");
  writeFileSync(join(dist, "secret.txt"), "no");
  server = await startAppServer({ distDir: dist });
});

afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

describe("app server (npm run app)", () => {
  it("listens on loopback and serves the two pages only", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(server.url)).text()).toBe("<p>app</p>");
    expect(await (await fetch(`${server.url}photopea/`)).text()).toBe("<p>photopea</p>");
    const redirect = await fetch(`${server.url}photopea`, { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([301, "/photopea/"]);
    for (const p of ["secret.txt", "../secret.txt", "%2e%2e/secret.txt", "app/index.html", "photopea/../secret.txt"]) {
      expect((await fetch(`${server.url}${p}`)).status).toBe(404);
    }
    expect((await fetch(server.url, { method: "POST" })).status).toBe(405);
  });

  it("serves the page's h5wasm.js as a script (nosniff would refuse it as HTML)", async () => {
    const res = await fetch(`${server.url}h5wasm.js`);
    expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([200, "text/javascript; charset=utf-8", "/* h5 */"]);
    expect((await fetch(`${server.url}photopea/h5wasm.js`)).status).toBe(404); // not built in this fixture
  });

  it("maps only a fixed table of paths", () => {
    expect(routeFor("/")).toBe("app/index.html");
    expect(routeFor("/photopea/index.html")).toBe("photopea/index.html");
    expect(routeFor("/../../etc/passwd")).toBeNull();
  });
});

/**
 * The real standalone page (dist/app) with the detailed network (Full), its requests to raw.githubusercontent.com
 * answered by the local stand-in (real bytes of groups 1–8, seeded 9–16) through Chromium's request
 * routing: the panel says the size first, fetches only groups 1–13 from the pinned folder, checks
 * them against the table built into it — the real rows pass, the seeded ones cannot — and says which
 * shard failed, in one sentence. (The full real weights are not available on these machines.)
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../src/cli/app-server";
import { PINNED_BASE_URL } from "../../src/weights/core/pinned-source";
import { launchChromium, type Launched } from "../helpers/chromium";
import { IMAGES, REPO } from "../helpers/paths";
import { githubTree } from "../weights/github-fixture";

let browser: Launched;
let server: AppServer;
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(REPO, "dist/app/index.html")))
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", "app"], { cwd: REPO, stdio: "inherit" });
  server = await startAppServer({ distDir: join(REPO, "dist") });
  browser = await launchChromium({ viewport: { width: 560, height: 900 } });
  await browser.context.addInitScript(() => localStorage.setItem("restyle.settings.v1", JSON.stringify({ preset: "full", size: 32, iterations: 2 })));
  const { files } = githubTree();
  await browser.context.route("https://raw.githubusercontent.com/**", async (route) => {
    const url = route.request().url();
    const path = url.startsWith(PINNED_BASE_URL) ? url.slice(PINNED_BASE_URL.length) : url;
    requested.push(path);
    const body = files.get(path);
    if (!body) return route.fulfill({ status: 404, body: "404: Not Found", headers: { "Access-Control-Allow-Origin": "*" } });
    await route.fulfill({ status: 200, body: Buffer.from(body), headers: { "Access-Control-Allow-Origin": "*", "Content-Type": "application/octet-stream" } });
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("Full in the standalone page", () => {
  it("says the size first, fetches only groups 1–13 of the pinned folder, and names the shard the built-in table refuses", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.waitForSelector("main.restyle");
    await page.waitForSelector(".full-weights-note");
    expect(await page.textContent(".full-weights-note")).toContain("Full downloads 52 MB of weights once; this browser keeps them.");
    expect(requested).toEqual([]); // nothing before Run
    await page.setInputFiles("#content-file", join(IMAGES, "fixture_content_64x64.png"));
    await page.setInputFiles("#style-file", join(IMAGES, "fixture_style_32x48.png"));
    await page.waitForSelector('li[data-role="style"]');
    await page.click("button.primary");
    await page.waitForSelector('main.restyle[data-state="error"]', { timeout: 120_000 });
    const message = (await page.textContent('p.message.error[role="alert"]')) ?? "";
    expect(message).toMatch(
      /group(9|1[0-3])-shard\dof\d failed its integrity check: it is not the published file \(git SHA-1 mismatch\)\. Try again; if it fails again, load the weights from a file instead\./,
    );
    const shards = requested.filter((p) => p !== "model.json");
    expect(requested[0]).toBe("model.json");
    for (const p of shards) expect(Number(/^group(\d+)-/.exec(p)?.[1])).toBeLessThanOrEqual(13);
    expect(shards.length).toBeGreaterThanOrEqual(8);
    // The real rows passed and were kept: the next attempt fetches none of groups 1–8 again.
    const cachedReal = await page.evaluate(async () => (await (await caches.open("restyle-weights-v1")).keys()).map((k) => k.url));
    for (let g = 1; g <= 8; g++)
      expect(
        cachedReal.some((u) => u.includes(`/group${g}-shard1of1?git-sha1=`)),
        `group ${g}`,
      ).toBe(true);
    await page.click('button[name="forgetWeights"]');
    await page.waitForSelector('button[name="forgetWeights"]:has-text("Forgotten.")');
    expect(await page.evaluate(async () => (await (await caches.open("restyle-weights-v1")).keys()).length)).toBe(0);
    await page.close();
  }, 180_000);
});

/**
 * `npm run app` / `npm run photopea` with their default port already taken: each serves on the next
 * free port and prints where. The test occupies the default port itself (if something else on the
 * machine already holds it, the situation is the same).
 */
import * as esbuild from "esbuild";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI_BUILD_OPTIONS } from "../../build/cli-options.mjs";
import { ARTIFACTS, REPO } from "../helpers/paths";

let child: ChildProcess | null = null;
let holder: Server | null = null;
afterEach(async () => {
  child?.kill("SIGTERM");
  child = null;
  await new Promise<void>((ok) => (holder ? holder.close(() => ok()) : ok()));
  holder = null;
});

/** Holds `port` on 127.0.0.1; resolves either way (taken by us or by someone else). */
async function occupy(port: number): Promise<void> {
  const s = createServer((_q, r) => r.end("occupied"));
  await new Promise<void>((ok) => {
    s.once("error", () => ok());
    s.listen(port, "127.0.0.1", () => ((holder = s), ok()));
  });
}

async function start(entry: "serve" | "photopea", page: string): Promise<{ stdout: string; url: URL }> {
  if (!existsSync(join(REPO, "dist", page)))
    execFileSync(process.execPath, [join(REPO, "build.mjs"), "--only", entry === "serve" ? "app,photopea" : "photopea"], { cwd: REPO, stdio: "inherit" });
  mkdirSync(join(ARTIFACTS, "cli"), { recursive: true });
  const cli = join(ARTIFACTS, "cli", `${entry}-port.js`);
  await esbuild.build({ entryPoints: [join(REPO, `src/cli/${entry}.ts`)], outfile: cli, ...CLI_BUILD_OPTIONS, logLevel: "warning" });
  let stdout = "";
  child = spawn(process.execPath, [cli], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const deadline = Date.now() + 20_000;
  let m: RegExpExecArray | null;
  while (!(m = /(?:at|served at) (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(m, stdout).not.toBeNull();
  return { stdout, url: new URL(m![1]) };
}

describe("the page servers take the next free port", () => {
  it.each([
    ["serve", "app/index.html", 8080],
    ["photopea", "photopea/index.html", 8765],
  ] as const)("%s: default port busy → the next one, printed", async (entry, page, port) => {
    await occupy(port);
    const { stdout, url } = await start(entry, page);
    const got = Number(url.port);
    expect(got).toBeGreaterThan(port);
    expect(got).toBeLessThan(port + 20);
    expect(stdout).toContain(`Port ${port} is in use; serving on port ${got} instead.`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<html/i);
  });
});

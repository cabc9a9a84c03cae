/**
 * Test support: bundles CLI entries the way build.mjs's cli target does, into test-artifacts/cli
 * (inside the package, so the bundle finds package.json and node_modules), and makes a lite
 * weights folder from ../shared/vgg19 so the tests never depend on weights/ or the network.
 */
import * as esbuild from "esbuild";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { readRawDir } from "../../src/weights/node/read-raw-dir";
import { convertSource } from "../../src/weights/node/convert";
import { ARTIFACTS, REPO, VGG_RAW } from "../helpers/paths";
import { CLI_BUILD_OPTIONS } from "../../build/cli-options.mjs";

export const CLI_OUT = join(ARTIFACTS, "cli");

export async function buildCliEntry(name: "restyle" | "bench" | "demo" | "weights"): Promise<string> {
  mkdirSync(CLI_OUT, { recursive: true });
  const outfile = join(CLI_OUT, `${name}.js`);
  await esbuild.build({
    entryPoints: [join(REPO, `src/cli/${name}.ts`)],
    outfile,
    ...CLI_BUILD_OPTIONS,
    define: { "process.env.RESTYLE_WEIGHTS_URL": JSON.stringify("http://127.0.0.1:9/none/") },
    logLevel: "warning",
  });
  return outfile;
}

/** A fresh folder holding lite/ converted from the shared raw weights (float32). */
export async function makeLiteWeights(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "restyle-cli-weights-"));
  await convertSource(readRawDir(VGG_RAW), { out, dtype: "float32", source: VGG_RAW, log: () => {} });
  const dir = join(out, "lite");
  if (!existsSync(join(dir, "manifest.json"))) throw new Error(`no lite weights written to ${dir}`);
  return dir;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env`: added to this process's environment. */
export function runNode(script: string, args: string[], opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 180_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

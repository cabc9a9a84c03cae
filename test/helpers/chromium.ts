/**
 * Launches Debian's Chromium (never a downloaded browser) headless with WebGL on SwiftShader,
 * the only GPU this machine has. Each launch gets a fresh profile directory.
 */
import { chromium, type BrowserContext } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface Launched {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium exposes navigator.gpu headless only with this flag; SwiftShader then backs the adapter. */
export const WEBGPU_ARGS = [...CHROMIUM_ARGS, "--enable-unsafe-webgpu"];

/** `webgpu`: launch with WEBGPU_ARGS, so pages (on http://127.0.0.1, a secure context) get a WebGPU adapter. */
export async function launchChromium(
  opts: { colorScheme?: "light" | "dark"; viewport?: { width: number; height: number }; webgpu?: boolean } = {},
): Promise<Launched> {
  const profile = mkdtempSync(join(tmpdir(), "restyle-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: opts.webgpu ? WEBGPU_ARGS : CHROMIUM_ARGS,
    colorScheme: opts.colorScheme ?? "light",
    viewport: opts.viewport ?? { width: 800, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

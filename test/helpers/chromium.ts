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

export async function launchChromium(opts: { colorScheme?: "light" | "dark"; viewport?: { width: number; height: number } } = {}): Promise<Launched> {
  const profile = mkdtempSync(join(tmpdir(), "restyle-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
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

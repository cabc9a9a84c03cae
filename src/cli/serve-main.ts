/**
 * The body of a page-serving command (`npm run app`, `npm run photopea`): options, the built page's
 * presence, the server, the line it prints; then it keeps serving until Ctrl+C.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Listening } from "./listen";
import { findPackageRoot } from "./package-root";

export interface ServeCommand {
  /** The npm script, for the usage line. */
  script: string;
  defaultPort: number;
  /** The page that must be built, relative to dist/. */
  page: string;
  /** What to do when that page is missing. */
  missing: string;
  start(opts: { distDir: string; port: number; host?: string }): Promise<Listening>;
  /** What to print once serving at `url`. */
  message(url: string): string;
}

/** Exit code on failure; -1 while serving (the process stays up). */
export async function serveMain(cmd: ServeCommand, argv = process.argv.slice(2)): Promise<number> {
  const usage = `Usage: npm run ${cmd.script} -- [--port ${cmd.defaultPort}] [--host 127.0.0.1]`;
  let values: { port?: string; host?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: "string" }, host: { type: "string", default: "127.0.0.1" } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  // The default port gives way to the next free one; a port the user named is that port or an error.
  const explicit = values.port !== undefined;
  const port = Number(values.port ?? cmd.defaultPort);
  if (explicit && (!/^\d{1,5}$/.test(values.port ?? "") || port > 65535)) {
    console.error(`--port must be an integer from 0 to 65535 (got ${values.port}).`);
    return 2;
  }
  const distDir = join(findPackageRoot(), "dist");
  if (!existsSync(join(distDir, cmd.page))) {
    console.error(`dist/${cmd.page} is missing: ${cmd.missing}`);
    return 1;
  }
  for (let p = port; ; p++) {
    try {
      const s = await cmd.start({ distDir, port: p, host: values.host });
      if (p !== port) console.log(`Port ${port} is in use; serving on port ${p} instead.`);
      console.log(cmd.message(s.url));
      return -1;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" && !explicit && p < port + PORT_TRIES - 1) continue;
      const busy = explicit ? `Port ${port} is in use` : `Ports ${port}–${p} are in use`;
      console.error(code === "EADDRINUSE" ? `${busy}; try --port 0 for any free port.` : `Could not start the server: ${String(e)}`);
      return 1;
    }
  }
}

/** How many ports from the default one are tried before giving up. */
const PORT_TRIES = 20;

/** Runs the command as the process: exits with its code unless it keeps serving. */
export function runServeMain(cmd: ServeCommand): void {
  void serveMain(cmd).then((code) => {
    if (code >= 0) process.exit(code);
  });
}

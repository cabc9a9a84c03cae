// `npm run photopea`: serves the Photopea plugin page on 127.0.0.1 and prints the Photopea link
// that opens Photopea with Restyle in its plugin bar (the npm script builds the page first).
//   node dist/cli/photopea.js [--port 8765] [--host 127.0.0.1]
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { findPackageRoot } from "./package-root";
import { startupMessage } from "./photopea-link";
import { startPhotopeaServer } from "./photopea-server";

async function main(): Promise<number> {
  let values: { port?: string; host?: string };
  try {
    ({ values } = parseArgs({ options: { port: { type: "string", default: "8765" }, host: { type: "string", default: "127.0.0.1" } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\nUsage: npm run photopea -- [--port 8765] [--host 127.0.0.1]`);
    return 2;
  }
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? "") || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535 (got ${values.port}).`);
    return 2;
  }
  const distDir = join(findPackageRoot(), "dist");
  if (!existsSync(join(distDir, "photopea/index.html"))) {
    console.error("dist/photopea/index.html is missing: run `npm run photopea` (it builds the page) or `node build.mjs --only photopea`.");
    return 1;
  }
  try {
    const s = await startPhotopeaServer({ distDir, port, host: values.host });
    console.log(startupMessage(s.url));
    return -1; // keep serving
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${port} is in use; try --port 0 for any free port.` : `Could not start the server: ${String(e)}`);
    return 1;
  }
}

main().then((code) => {
  if (code >= 0) process.exit(code);
});

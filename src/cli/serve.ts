// `npm run app`: serves the standalone page (and the Photopea plugin page) on 127.0.0.1 and prints the URL.
//   node dist/cli/serve.js [--port 8080] [--host 127.0.0.1]
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startAppServer } from "./app-server";
import { findPackageRoot } from "./package-root";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8080" }, host: { type: "string", default: "127.0.0.1" } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535 (got ${values.port}).`);
    return 2;
  }
  const distDir = join(findPackageRoot(), "dist");
  if (!existsSync(join(distDir, "app/index.html"))) {
    console.error("dist/app/index.html is missing: run `npm run build` first.");
    return 1;
  }
  try {
    const s = await startAppServer({ distDir, port, host: values.host });
    console.log(`Restyle is at ${s.url}  (Photopea plugin page: ${s.url}photopea/)  Ctrl+C to stop.`);
    return -1; // keep running
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${port} is in use; try --port 0 for any free port.` : `Could not start the server: ${String(e)}`);
    return 1;
  }
}

main().then((code) => {
  if (code >= 0) process.exit(code);
});

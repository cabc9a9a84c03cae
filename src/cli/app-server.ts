/**
 * A tiny static server for the built pages: `/` is the standalone page (dist/app), `/photopea/` the
 * Photopea plugin page (dist/photopea). Loopback only by default; nothing else is served.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { listen, type Listening } from "./listen";

export type AppServer = Listening;

/** URL path → file under dist/, or null (404). A fixed table: no path from the request reaches the disk. */
export function routeFor(pathname: string): string | null {
  switch (pathname) {
    case "/":
    case "/index.html":
      return "app/index.html";
    case "/photopea":
    case "/photopea/":
    case "/photopea/index.html":
      return "photopea/index.html";
    // The HDF5 reader the build puts beside each page, loaded only when a Keras .h5 is picked.
    case "/h5wasm.js":
      return "app/h5wasm.js";
    case "/photopea/h5wasm.js":
      return "photopea/h5wasm.js";
    default:
      return null;
  }
}

export async function startAppServer(opts: { distDir: string; port?: number; host?: string }): Promise<AppServer> {
  const host = opts.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? "/", "http://x").pathname;
    } catch {
      pathname = "";
    }
    if (pathname === "/photopea") {
      res.writeHead(301, { Location: "/photopea/" }).end();
      return;
    }
    const rel = routeFor(pathname);
    if (!rel) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    try {
      const body = await readFile(join(opts.distDir, rel));
      const type = rel.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
      res.writeHead(200, { "Content-Type": type, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`${rel} is not built: run npm run build`);
    }
  });
  return listen(server, opts.port, host);
}

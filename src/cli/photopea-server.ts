/**
 * Serves dist/photopea/index.html (one self-contained file) for Photopea to frame. Only that file
 * is served; every other path is 404, so nothing from the request reaches the disk.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { PHOTOPEA_APP } from "./photopea-link";

export interface PhotopeaServer {
  /** The plugin page's URL (ends with "/"). */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Headers the page is sent with. Framing: Photopea shows plugins in an iframe, so no
 * X-Frame-Options; frame-ancestors names Photopea (and loopback pages, for local test harnesses).
 * No CORS header is needed: an iframe navigation is not a CORS request.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": `frame-ancestors ${PHOTOPEA_APP} https://photopea.com http://127.0.0.1:* http://localhost:*`,
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-cache",
  "Referrer-Policy": "no-referrer",
};

export async function startPhotopeaServer(opts: { distDir: string; port?: number; host?: string }): Promise<PhotopeaServer> {
  const host = opts.host ?? "127.0.0.1";
  const file = join(opts.distDir, "photopea/index.html");
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let pathname = "";
    try {
      pathname = new URL(req.url ?? "/", "http://x").pathname;
    } catch {
      // a malformed request line: answered 404 below
    }
    if (pathname !== "/" && pathname !== "/index.html") {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }).end("not found");
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...PAGE_HEADERS, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("dist/photopea/index.html is missing: run `npm run photopea` (it builds the page).");
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * Serves dist/photopea/ for Photopea to frame: the page (index.html, self-contained) and the files
 * the build puts beside it (h5wasm.js, loaded only for a Keras .h5). Only plain file names directly
 * in that folder, of known types, are served; anything else is 404.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { PHOTOPEA_APP } from "./photopea-link";
import { listen, type Listening } from "./listen";

export type PhotopeaServer = Listening;

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

const TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export async function startPhotopeaServer(opts: { distDir: string; port?: number; host?: string }): Promise<PhotopeaServer> {
  const host = opts.host ?? "127.0.0.1";
  const dir = join(opts.distDir, "photopea");
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
    const page = pathname === "/" || pathname === "/index.html";
    const name = page ? "index.html" : /^\/([\w-]+(\.[\w-]+)*)$/.exec(pathname)?.[1];
    const type = name && !page ? TYPES[extname(name)] : undefined;
    if (!page && !type) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }).end("not found");
      return;
    }
    try {
      const body = await readFile(join(dir, name!));
      const headers = page ? PAGE_HEADERS : { "Content-Type": type!, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" };
      res.writeHead(200, { ...headers, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      if (page)
        res
          .writeHead(500, { "Content-Type": "text/plain; charset=utf-8" })
          .end("dist/photopea/index.html is missing: run `npm run photopea` (it builds the page).");
      else res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }).end("not found");
    }
  });
  return listen(server, opts.port, host);
}

/**
 * A real HTTP server on 127.0.0.1 (random port) serving files from a directory, with hooks to
 * inject failures (status codes, truncation, missing CORS) per path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".bin": "application/octet-stream",
  ".wasm": "application/wasm",
};

export interface StaticServer {
  url: string; // ends with "/"
  /** Paths requested so far (for asserting what was fetched). */
  requests: string[];
  close(): Promise<void>;
}

/** Return true from a handler to say it answered the request itself. */
export type Intercept = (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>;

export async function serveDir(dir: string, opts: { cors?: boolean; intercept?: Intercept } = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    if (opts.cors !== false) res.setHeader("Access-Control-Allow-Origin", "*");
    if (opts.intercept && (await opts.intercept(req, res, path))) return;
    const rel = normalize(path === "/" ? "/index.html" : path).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(dir, rel));
      res.writeHead(200, { "Content-Type": TYPES[extname(rel)] ?? "application/octet-stream", "Content-Length": body.length });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end("not found");
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

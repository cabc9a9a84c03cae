/**
 * Starts a local HTTP server listening and says where: the one place the page servers (`npm run app`,
 * `npm run photopea`) bind, so both print URLs the same way (IPv6 hosts bracketed) and close alike.
 */
import type { Server } from "node:http";

export interface Listening {
  /** http://host:port/ */
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function listen(server: Server, port = 0, host = "127.0.0.1"): Promise<Listening> {
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok());
  });
  const addr = server.address();
  const bound = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/`,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

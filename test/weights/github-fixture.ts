/**
 * A stand-in for raw.githubusercontent.com on 127.0.0.1: the pinned layers model's real model.json,
 * the REAL bytes of groups 1–8 (../shared/vgg19/block*.bin are exactly those shards), seeded
 * float32 bytes of the published sizes for groups 9–16, and a test hash table (git blob SHA-1)
 * computed from what it serves — the real published rows for groups 1–8. Answers with the headers
 * the real host sends (`Access-Control-Allow-Origin: *`, text/plain for model.json); each test can
 * inject a fault per path. Everything is held in memory.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import type { ShardHash, ShardHashTable } from "../../src/weights/core/pinned-source";
import { VGG_RAW } from "../helpers/paths";

export const REMOTE = join(VGG_RAW, "remote");

export interface TsvRow {
  path: string;
  bytes: number;
  gitSha1: string;
}

export function readShardsTsv(): TsvRow[] {
  const [, ...lines] = readFileSync(join(REMOTE, "shards.tsv"), "utf8").trim().split("\n");
  return lines.map((l) => {
    const [path, bytes, gitSha1] = l.split("\t");
    return { path, bytes: Number(bytes), gitSha1 };
  });
}

export const gitSha1 = (b: Uint8Array) => createHash("sha1").update(`blob ${b.length}\0`).update(b).digest("hex");

function seeded(n: number, seed: number): Uint8Array {
  const f = new Float32Array(n / 4);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < f.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    f[i] = ((s >>> 0) / 4294967296 - 0.5) * 0.02;
  }
  return new Uint8Array(f.buffer);
}

let built: { files: Map<string, Uint8Array>; table: ShardHashTable } | null = null;

/** The served files (path → bytes) and their hash table; built once per process. */
export function githubTree(): { files: Map<string, Uint8Array>; table: ShardHashTable } {
  if (built) return built;
  const model = JSON.parse(readFileSync(join(REMOTE, "model.json"), "utf8")) as { weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string }> }> };
  const files = new Map<string, Uint8Array>([["model.json", new Uint8Array(readFileSync(join(REMOTE, "model.json")))]]);
  const table = new Map<string, ShardHash>();
  for (const row of readShardsTsv()) {
    const g = Number(/^group(\d+)-/.exec(row.path)![1]);
    let bytes: Uint8Array;
    if (g <= 8) {
      const layer = model.weightsManifest[g - 1].weights[0].name.split("/")[0];
      bytes = new Uint8Array(readFileSync(join(VGG_RAW, `${layer}.bin`)));
    } else bytes = seeded(row.bytes, g * 100 + Number(/shard(\d+)of/.exec(row.path)![1]));
    files.set(row.path, bytes);
    table.set(row.path, { path: row.path, bytes: bytes.length, gitSha1: gitSha1(bytes) });
  }
  built = { files, table };
  return built;
}

/** Return true when the fault answered the request itself. */
export type Fault = (req: IncomingMessage, res: ServerResponse, path: string, body: Uint8Array | undefined) => boolean | Promise<boolean>;

export interface GithubServer {
  /** The folder URL, like …/<commit>/model/ (ends with "/"). */
  base: string;
  /** Request paths relative to the folder, in arrival order. */
  requests: string[];
  fault: Fault | null;
  cors: boolean;
  close(): Promise<void>;
}

const FOLDER = "/DavidCai1993/vgg19-tensorflowjs-model/08d09052bc6258d3abdfa341850122fc4b746db6/model/";

export async function serveGithubTree(): Promise<GithubServer> {
  const { files } = githubTree();
  const state: GithubServer = { base: "", requests: [], fault: null, cors: true, close: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x").pathname;
    const path = url.startsWith(FOLDER) ? url.slice(FOLDER.length) : url;
    state.requests.push(path);
    if (state.cors) res.setHeader("Access-Control-Allow-Origin", "*");
    const body = files.get(path);
    if (state.fault && (await state.fault(req, res, path, body))) return;
    if (!body) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("404: Not Found");
      return;
    }
    res.writeHead(200, { "Content-Type": path.endsWith(".json") ? "text/plain; charset=utf-8" : "application/octet-stream", "Content-Length": body.length });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  state.base = `http://127.0.0.1:${port}${FOLDER}`;
  state.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return state;
}

/** The shards the Full preset needs: groups 1–13. */
export const FULL_SHARDS = () => readShardsTsv().filter((r) => Number(/^group(\d+)-/.exec(r.path)![1]) <= 13);

/**
 * Node: a resumable, verified download. Bytes go to <dest>.part (continued with an HTTP Range
 * request after an interruption); <dest> appears only by rename once the whole file's md5 matches,
 * so a partial or damaged download can never pass for the real file.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, renameSync, rmSync, statSync, mkdirSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname } from "node:path";
import { RestyleError } from "../../engine/errors";
import type { DownloadProgress } from "./progress-line";
import { messageOf } from "../../kit/message-of";

export type HttpFetch = (url: string, init: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;

export interface DownloadOptions {
  url: string;
  dest: string;
  md5: string;
  fetch?: HttpFetch;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Least time between two progress reports. */
  progressEveryMs?: number;
}

export async function downloadFile(opts: DownloadOptions): Promise<string> {
  const { url, dest, md5 } = opts;
  const part = dest + ".part";
  mkdirSync(dirname(dest), { recursive: true });
  if (existsSync(dest)) {
    if ((await md5File(dest)) === md5) return dest;
    rmSync(dest); // not ours, or damaged outside our control: fetch it again
  }
  const doFetch: HttpFetch = opts.fetch ?? ((u, init) => globalThis.fetch(u, init));
  let offset = existsSync(part) ? statSync(part).size : 0;
  let res: Response;
  try {
    res = await doFetch(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal: opts.signal });
  } catch (e) {
    throw new RestyleError(
      "weights-network",
      `Could not reach ${hostOf(url)} to download the weights; check your connection, or use a local copy with \`npm run weights -- --from FILE\`.`,
      `${url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`,
    );
  }
  if (res.status === 416 && offset > 0) {
    // The part is already as long as the file: check it as it is.
    await res.body?.cancel();
    return finish(part, dest, md5, offset, offset);
  }
  if (res.status === 200) offset = 0; // the server ignored Range: start again
  else if (res.status === 206) {
    const start = Number(/bytes (\d+)-/.exec(res.headers.get("content-range") ?? "")?.[1] ?? NaN);
    if (start !== offset) {
      await res.body?.cancel();
      rmSync(part, { force: true });
      throw new RestyleError("weights-network", "The server resumed the download at the wrong place; run the command again to start afresh.", `asked ${offset}, got ${start}`);
    }
  } else {
    await res.body?.cancel();
    throw new RestyleError("weights-network", `The weights server answered HTTP ${res.status}; try again later or use a local copy with \`--from FILE\`.`, url);
  }
  const length = Number(res.headers.get("content-length") ?? NaN);
  const total = Number.isFinite(length) ? offset + length : null;
  const received = await streamTo(part, res, offset, total, opts);
  if (total !== null && received < total) {
    throw new RestyleError(
      "weights-network",
      `The download stopped at ${(received / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB; run the command again to resume it.`,
      `${received}/${total}`,
    );
  }
  return finish(part, dest, md5, received, total);
}

async function streamTo(part: string, res: Response, offset: number, total: number | null, opts: DownloadOptions): Promise<number> {
  const fh = await open(part, offset > 0 ? "a" : "w");
  const started = Date.now();
  let received = offset;
  let lastReport = 0;
  const every = opts.progressEveryMs ?? 200;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastReport < every)) return;
    lastReport = now;
    opts.onProgress({ received, total, fetched: received - offset, elapsedMs: now - started });
  };
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        await fh.write(chunk);
        received += chunk.length;
        report(false);
      }
    }
  } catch (e) {
    if (opts.signal?.aborted) throw new RestyleError("cancelled", "The download was cancelled; run the command again to resume it.");
    // A broken connection: what arrived stays in the .part for the next run to resume.
    const where = total ? ` at ${(received / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB` : "";
    throw new RestyleError("weights-network", `The download broke off${where}; run the command again to resume it.`, messageOf(e));
  } finally {
    await fh.close();
    report(true);
  }
  return received;
}

async function finish(part: string, dest: string, md5: string, received: number, total: number | null): Promise<string> {
  const got = await md5File(part);
  if (got !== md5) {
    rmSync(part, { force: true });
    throw new RestyleError(
      "weights-corrupt",
      `The downloaded file failed its md5 check (${received} bytes${total ? ` of ${total}` : ""}); it was deleted — run the command again to download it afresh.`,
      `md5 ${got} ≠ ${md5}`,
    );
  }
  renameSync(part, dest);
  return dest;
}

export function md5File(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const h = createHash("md5");
    createReadStream(path)
      .on("data", (c) => h.update(c))
      .on("error", fail)
      .on("end", () => ok(h.digest("hex")));
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The temporary files an atomic write leaves beside its target while it runs: their name, the ones
 * this process has open (removed on a second Ctrl-C), and the stale ones a killed run left behind
 * (removed by a later write in that folder). Only names of this exact pattern are ever removed.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { lstat, readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The longest file name (bytes) Linux, macOS and Windows file systems take. */
export const NAME_MAX = 255;
/** `.<target name, shortened to fit>.restyle-<pid>-<8 hex>.tmp` */
export const TEMP_PATTERN = /^\..*\.restyle-(\d+)-[0-9a-f]{8}\.tmp$/s;
/** Younger than this, a temporary is left alone whoever made it: a write in progress takes milliseconds. */
export const STALE_AFTER_MS = 60_000;
/** Older than this, a temporary is stale even if a process with its pid is running (pids are reused). */
export const ABANDONED_AFTER_MS = 60 * 60_000;

const pending = new Set<string>();

/** The temporary name for `target`: hidden, beside it, unique per call, within NAME_MAX bytes. */
export function tempPathFor(target: string): string {
  const suffix = `.restyle-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  return join(dirname(target), `.${truncateUtf8(basename(target), NAME_MAX - 1 - Buffer.byteLength(suffix))}${suffix}`);
}

/** At most `maxBytes` of UTF-8, cut between characters. */
function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s) <= maxBytes) return s;
  let out = "";
  let used = 0;
  for (const ch of s) {
    used += Buffer.byteLength(ch);
    if (used > maxBytes) break;
    out += ch;
  }
  return out;
}

export function trackTemporary(path: string): void {
  pending.add(path);
}

export function untrackTemporary(path: string): void {
  pending.delete(path);
}

/** Removes this process's temporaries now (synchronously: the process is about to exit on a signal). */
export function removePendingTemporariesSync(): void {
  for (const p of pending) rmSync(p, { force: true });
  pending.clear();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}

/**
 * Removes the temporaries of our pattern in `dir` that no write is using: older than a minute and
 * their process is gone, or older than an hour. Returns the names removed. Never throws.
 */
export async function removeStaleTemporaries(dir: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_PATTERN.exec(name);
    const path = join(dir, name);
    if (!m || pending.has(path)) continue;
    const st = await lstat(path).catch(() => null);
    if (!st?.isFile()) continue;
    const age = now - st.mtimeMs;
    if (age > ABANDONED_AFTER_MS || (age > STALE_AFTER_MS && !isAlive(Number(m[1])))) {
      await rm(path, { force: true }).then(
        () => removed.push(name),
        () => undefined,
      );
    }
  }
  return removed;
}

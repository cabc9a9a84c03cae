/**
 * Every file Restyle writes goes through here: the bytes land in a temporary file beside the
 * target and are renamed over it, so a full disk, a kill or a crash leaves the old file (or no
 * file) — never a truncated one. Same folder, so the rename is atomic on one filesystem.
 */
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import { basename, dirname, join } from "node:path";

/** What atomicWrite needs of node:fs/promises; tests inject one that fails (ENOSPC…). */
export interface WriteFs {
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
}

const nodeFs: WriteFs = {
  writeFile: (p, d) => fsp.writeFile(p, d),
  rename: (a, b) => fsp.rename(a, b),
  rm: (p, o) => fsp.rm(p, o),
};

/** The temporary name for `target`: hidden, beside it, unique per call. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Writes `data` to `target` atomically; on failure the temporary file is removed and the error rethrown. */
export async function atomicWrite(target: string, data: Uint8Array | string, fs: WriteFs = nodeFs): Promise<void> {
  const tmp = tempPathFor(target);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Every file Restyle writes goes through here: the bytes land in a temporary file beside the
 * target and are renamed over it, so a full disk, a kill or a crash leaves the old file (or no
 * file) — never a truncated one. Same folder, so the rename is atomic on one filesystem.
 * A file being replaced keeps its protection: a write-protected one is refused (the rename would
 * ignore its mode), and the new file gets the old one's mode, and its owner where the process may.
 */
import { constants, type Stats } from "node:fs";
import { access, chmod, chown, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { removeStaleTemporaries, tempPathFor, trackTemporary, untrackTemporary } from "./temp-files";

export { tempPathFor } from "./temp-files";

/** What atomicWrite needs of node:fs/promises; tests inject one that fails (ENOSPC…). */
export interface WriteFs {
  /** Creates `path` (never opens an existing one), with `mode` before the umask. */
  writeFile(path: string, data: Uint8Array | string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
}

const nodeFs: WriteFs = {
  writeFile: (p, d, mode) => writeFile(p, d, { flag: "wx", mode }),
  rename: (a, b) => rename(a, b),
  rm: (p, o) => rm(p, o),
};

/** The target exists and is write-protected: replacing it would drop a protection its owner set. */
export class WriteProtectedError extends Error {
  readonly code = "EACCES";
  constructor(
    readonly path: string,
    readonly mode: number,
  ) {
    super(`${path} is write-protected (mode ${(mode & 0o7777).toString(8).padStart(4, "0")})`);
    this.name = "WriteProtectedError";
  }
}

/** The file now at `target` (following links), or null when there is none. */
export async function existingTarget(target: string): Promise<Stats | null> {
  return stat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
}

/**
 * Throws WriteProtectedError when `target` is a file this process may not write: no write bit at
 * all (root too, as `cp` and `rm` treat it), or none for this user.
 */
export async function checkNotWriteProtected(target: string, st: Stats | null): Promise<void> {
  if (!st?.isFile()) return;
  const writable =
    (st.mode & 0o222) !== 0 &&
    (await access(target, constants.W_OK).then(
      () => true,
      () => false,
    ));
  if (!writable) throw new WriteProtectedError(target, st.mode);
}

/** The old file's mode, then its owner and group where the process may set them (root may; others only their own groups). */
async function keepProtection(tmp: string, old: Stats): Promise<void> {
  if (old.uid !== process.getuid?.() || old.gid !== process.getgid?.()) {
    await chown(tmp, old.uid, old.gid).catch(() => chown(tmp, -1, old.gid).catch(() => undefined));
  }
  await chmod(tmp, old.mode & 0o7777);
}

export interface AtomicWriteOptions {
  fs?: WriteFs;
  /** Aborted before the rename: the temporary is removed, the target left as it was, and a "cancelled" error thrown. */
  signal?: AbortSignal;
}

/** Writes `data` to `target` atomically; on failure the temporary file is removed and the error rethrown. */
export async function atomicWrite(target: string, data: Uint8Array | string, { fs = nodeFs, signal }: AtomicWriteOptions = {}): Promise<void> {
  const old = await existingTarget(target);
  await checkNotWriteProtected(target, old);
  await removeStaleTemporaries(dirname(target));
  const tmp = tempPathFor(target);
  trackTemporary(tmp);
  try {
    // Private until it has the old file's mode: never readable by more people than the old file was.
    await fs.writeFile(tmp, data, old?.isFile() ? 0o600 : 0o666);
    if (old?.isFile()) await keepProtection(tmp, old);
    if (signal?.aborted) throw new DOMException("The run was cancelled.", "AbortError"); // the kit has no error kinds: callers classify it (toRestyleError)
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    untrackTemporary(tmp);
  }
}

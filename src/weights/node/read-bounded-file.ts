/**
 * Reads a file whose size is known in advance (a weights shard, a manifest), trusting nothing about
 * what is at the path. Only a regular file, after following links, is opened: a FIFO would block
 * the open, a device (/dev/zero) would read without end, a folder is an input mistake. At most the
 * declared bytes + 1 are read, so a file longer than declared is found without reading it all.
 * Other file-system errors (ENOENT, EACCES) are rethrown as they are, for the caller to word.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { RestyleError } from "../../engine/errors";
import { printable } from "../../kit/printable";

/** What the file is meant to be, for the messages: "The weights file", "The weights manifest". */
export interface BoundedRead {
  what: string;
  /** Shown in messages instead of the path (a manifest path relative to its folder). */
  label?: string;
  signal?: AbortSignal;
}

function notRegular(st: Stats, path: string, r: BoundedRead): RestyleError | null {
  const name = printable(r.label ?? path);
  if (st.isDirectory()) return new RestyleError("weights-corrupt", `${r.what} ${name} is a folder, not a file.`, path);
  if (!st.isFile()) return new RestyleError("weights-corrupt", `${r.what} ${name} is not a regular file (a pipe, a device or a socket); replace it with the real file.`, path);
  return null;
}

/** A link loop named as such; anything else as it was. */
function wordError(e: unknown, path: string, r: BoundedRead): unknown {
  if ((e as NodeJS.ErrnoException).code === "ELOOP") {
    return new RestyleError("weights-corrupt", `${r.what} ${printable(r.label ?? path)} is a symbolic link loop (or a chain of too many links).`, path);
  }
  return e;
}

function tooLong(path: string, maxBytes: number, r: BoundedRead): RestyleError {
  return new RestyleError("weights-corrupt", `${r.what} ${printable(r.label ?? path)} is longer than the ${maxBytes} bytes it should have.`, path);
}

export async function readBoundedFile(path: string, maxBytes: number, r: BoundedRead): Promise<Uint8Array> {
  const st = await stat(path).catch((e: unknown) => {
    throw wordError(e, path, r);
  });
  const bad = notRegular(st, path, r);
  if (bad) throw bad;
  // O_NONBLOCK: if the path became a FIFO since the stat, the open still returns (and fstat refuses it).
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const again = notRegular(await fh.stat(), path, r);
    if (again) throw again;
    const buf = new Uint8Array(maxBytes + 1);
    let n = 0;
    for (;;) {
      r.signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (!bytesRead) break;
      n += bytesRead;
      if (n > maxBytes) throw tooLong(path, maxBytes, r);
    }
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

/** The same, synchronously (the raw-folder reader is synchronous). */
export function readBoundedFileSync(path: string, maxBytes: number, r: BoundedRead): Uint8Array {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw wordError(e, path, r);
  }
  const bad = notRegular(st, path, r);
  if (bad) throw bad;
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const again = notRegular(fstatSync(fd), path, r);
    if (again) throw again;
    const buf = new Uint8Array(maxBytes + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (!got) break;
      n += got;
      if (n > maxBytes) throw tooLong(path, maxBytes, r);
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

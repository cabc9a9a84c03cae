/** A file-system error in words for a one-line message ("the disk is full", not "ENOSPC"). */
import { messageOf } from "../message-of";
import { WriteProtectedError } from "./atomic-write";
const WORDS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the file system is read-only",
  ELOOP: "it is a symbolic link loop (or a chain of too many links)",
  ENAMETOOLONG: "the name is too long",
  EEXIST: "something is already there",
  EBUSY: "the file is busy",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  EIO: "an input/output error (a failing disk?)",
  EFBIG: "the file would be too large",
  EXDEV: "the temporary file is on another file system",
  ETXTBSY: "the file is busy",
  EINVAL: "an invalid name",
};

export function fsErrorWords(e: unknown): string {
  if (e instanceof WriteProtectedError) return "it is write-protected; make it writable (chmod u+w) or choose another name";
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code && WORDS[code]) return WORDS[code];
  if (code) return `${code} (${messageOf(e)})`;
  return messageOf(e);
}

export function fsErrorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/**
 * `npm run weights --out DIR` checked before any download or conversion: DIR (or, when it does not
 * exist yet, the nearest folder above it, where it will be made) must be a folder that accepts a
 * new file. Nothing is created by the check itself but a probe file, removed at once.
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fsErrorWords } from "../../kit/node/fs-error-words";

/** The output folder cannot be used; the message is one sentence naming it. */
export class OutFolderError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = "OutFolderError";
  }
}

export function checkOutFolder(out: string): void {
  const abs = resolve(out);
  let at = abs;
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Absent (or below a file): look at the folder above, where it would be made.
      if ((code !== "ENOENT" && code !== "ENOTDIR") || dirname(at) === at) throw cannot(out, e);
      at = dirname(at);
      continue;
    }
    if (!st.isDirectory()) {
      throw new OutFolderError(
        at === abs ? `Cannot write the weights to ${out}: it is a file, not a folder.` : `Cannot write the weights to ${out}: ${at} is a file, not a folder.`,
        at,
      );
    }
    break;
  }
  const probe = join(at, `.restyle-weights.${process.pid}.${randomBytes(4).toString("hex")}.probe`);
  try {
    closeSync(openSync(probe, "wx"));
    rmSync(probe, { force: true });
  } catch (e) {
    throw cannot(at === abs ? out : at, e);
  }
}

function cannot(folder: string, e: unknown): OutFolderError {
  return new OutFolderError(`Cannot write the weights to ${folder}: ${fsErrorWords(e)}.`, String(e));
}

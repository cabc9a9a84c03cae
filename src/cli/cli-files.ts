/**
 * The CLI's files: reading an input image (refusing what is not a regular file), and finding
 * output problems before the run (writing over an input, a missing, unwritable or protected
 * target). Every failure is a CliFailure with its exit code decided and the path shown printable.
 */
import { realpath, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isRestyleError } from "../engine/errors";
import type { RgbaImage } from "../engine/types";
import { checkOutputWritable } from "../node/check-output";
import { fsErrorWords } from "../kit/node/fs-error-words";
import { NotAFileError, readImageFile } from "../node/image-io";
import { printable } from "../kit/printable";
import type { CliArgs } from "./args";
import { EXIT, type ExitCode } from "./exit-codes";

/** A failure with its exit code already decided (file errors are not RestyleErrors). */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function fileError(e: unknown, what: string, path: string, exitCode: ExitCode): CliFailure {
  const writing = exitCode === EXIT.outputFile;
  return new CliFailure(
    exitCode,
    `Cannot ${writing ? "write" : "read"} ${what} ${printable(path)}: ${fsErrorWords(e)}.`,
    writing ? "output-file" : "input-file",
  );
}

export async function readInput(path: string, what: string): Promise<RgbaImage> {
  try {
    return await readImageFile(path, printable(path));
  } catch (e) {
    if (isRestyleError(e)) throw e;
    if (e instanceof NotAFileError) {
      const why = e.kind === "folder" ? "it is a folder" : "it is not a regular file (a pipe or a device)";
      throw new CliFailure(EXIT.inputFile, `Cannot read ${what} ${printable(path)}: ${why}.`, "input-file");
    }
    throw fileError(e, what, path, EXIT.inputFile);
  }
}

/** The same file, whatever the spelling (relative, symlinked, hard-linked). */
async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    if ((await realpath(a)) === (await realpath(b))) return true;
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false; // the output does not exist yet: it cannot be an input
  }
}

/** Output problems found before the run: writing over an input, a missing or unwritable folder, a write-protected file. */
export async function checkOutput(args: CliArgs): Promise<void> {
  if (!args.overwriteInput) {
    for (const [path, what] of [[args.content, "the content image"], ...args.styles.map((p) => [p, "a style image"])] as const) {
      if (await sameFile(args.output, path)) {
        throw new CliFailure(
          EXIT.usage,
          `The output ${printable(args.output)} is ${what}; choose another -o, or pass --overwrite-input to replace it.`,
          "bad-options",
        );
      }
    }
  }
  try {
    await checkOutputWritable(args.output);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliFailure(
        EXIT.outputFile,
        `Cannot write the output ${printable(args.output)}: the folder ${printable(dirname(resolve(args.output)))} does not exist.`,
        "output-file",
      );
    }
    throw fileError(e, "the output", args.output, EXIT.outputFile);
  }
}

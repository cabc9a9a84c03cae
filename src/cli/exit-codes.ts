/**
 * The CLI's exit codes, one per kind of failure a script may want to tell apart.
 * Documented in `restyle --help` and the README; never renumber them.
 */
import type { RestyleErrorCode } from "../engine/errors";

export const EXIT = {
  ok: 0,
  /** A bug: anything not classified below. */
  internal: 1,
  /** Bad command line: unknown option, value outside its bound, missing argument. */
  usage: 2,
  /** An input file is missing or unreadable. */
  inputFile: 3,
  /** An input is not PNG/JPEG, is damaged, too large, or fully transparent. */
  badImage: 4,
  /** The weights are not there (the message says which command gets them). */
  weightsMissing: 5,
  /** The weights are there but damaged (size, hash, shape). */
  weightsCorrupt: 6,
  /** The run itself failed: backend did not start, out of memory. */
  runFailed: 7,
  /** The output file could not be written. */
  outputFile: 8,
  /** Interrupted (Ctrl-C): 128 + SIGINT, as shells expect. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Which exit code a RestyleError maps to. */
export function exitCodeFor(code: RestyleErrorCode): ExitCode {
  switch (code) {
    case "bad-options":
      return EXIT.usage;
    case "bad-image":
    case "image-too-large":
    case "transparent-image":
      return EXIT.badImage;
    case "weights-missing":
    case "weights-network":
      return EXIT.weightsMissing;
    case "weights-corrupt":
      return EXIT.weightsCorrupt;
    case "cancelled":
      return EXIT.cancelled;
    case "backend-unavailable":
    case "context-lost":
    case "out-of-memory":
      return EXIT.runFailed;
  }
}

export const EXIT_CODES_HELP = `Exit codes:
  0  done                      4  input not PNG/JPEG, damaged, too large or transparent
  1  internal error            5  weights absent (the message says how to get them)
  2  bad option or argument    6  weights damaged
  3  input file missing        7  the run failed (backend, memory)
                               8  output not writable     130  interrupted`;

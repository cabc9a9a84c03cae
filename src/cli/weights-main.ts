/**
 * The weights tool as a command: `npm run weights` (into the package's weights/) and
 * `restyle weights` (into the user's cache, where an installed CLI looks). Argv in, exit code out.
 */
import { isAbortError, isRestyleError, toRestyleError } from "../engine/errors";
import { fsErrorCode, fsErrorWords } from "../kit/node/fs-error-words";
import { OutFolderError } from "../weights/node/check-out-folder";
import { runWeightsTool } from "../weights/node/run-weights";
import { parseWeightsArgs, WEIGHTS_HELP } from "../weights/node/weights-args";
import { onInterrupt, type Interrupt } from "../node/interrupt";
import { printableLines } from "../kit/printable";
import { createDownloadProgress } from "./download-progress";
import { EXIT, exitCodeFor } from "./exit-codes";

/**
 * `command`: how the help's usage line names the command. `source`: what a bare command downloads
 * (`restyle weights` takes the pinned GitHub copy, the host the rest of the product already uses).
 */
export async function weightsMain(
  argv: readonly string[],
  defaultOut: string,
  command = "npm run weights --",
  source?: "github",
  interrupt: Interrupt = onInterrupt(),
): Promise<number> {
  try {
    const bare = source && !["--from", "--source", "--url"].some((f) => argv.includes(f));
    const args = parseWeightsArgs([...argv, ...(argv.includes("--out") ? [] : ["--out", defaultOut]), ...(bare ? ["--source", source] : [])]);
    if (args.help) {
      console.log(WEIGHTS_HELP.replace("npm run weights --", command).replace("(default weights)", `(default ${defaultOut})`));
      return EXIT.ok;
    }
    const bar = createDownloadProgress(process.stderr);
    const report = await runWeightsTool(args, {
      log: (s) => {
        bar.done();
        say(s);
      },
      signal: interrupt.signal,
      onDownloadProgress: (p) => bar.update(p),
    });
    bar.done();
    // A preset the source could not fill is reported above, not a failure: lite alone is useful.
    return report.built.length ? EXIT.ok : EXIT.weightsMissing;
  } catch (e) {
    return reportFailure(e, interrupt);
  }
}

/** Every line the tool prints, with control characters in names escaped. */
const say = (s: string) => console.log(printableLines(s));
const sayError = (s: string) => console.error(printableLines(s));

function reportFailure(thrown: unknown, interrupt: Interrupt): number {
  const e = isAbortError(thrown) ? toRestyleError(thrown) : thrown;
  if (isRestyleError(e)) {
    sayError(`\n${e.message}`);
    if (e.detail) sayError(`  (${e.detail.split("\n")[0]})`);
    return e.code === "cancelled" ? (interrupt.exitCode() ?? EXIT.cancelled) : exitCodeFor(e.code);
  }
  if (e instanceof OutFolderError) {
    sayError(e.message);
    return EXIT.outputFile;
  }
  if (fsErrorCode(e)) {
    // A file-system failure while writing (a full disk…): in words, without a stack.
    const path = (e as NodeJS.ErrnoException).path;
    sayError(`\nCould not write the weights${path ? ` (${path})` : ""}: ${fsErrorWords(e)}. Nothing was replaced.`);
    return EXIT.outputFile;
  }
  sayError(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return EXIT.internal;
}

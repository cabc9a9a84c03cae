/** `npm run weights`: download / convert the VGG19 weights (see src/weights-tool/). */
import { isRestyleError } from "../engine/errors";
import { progressLine } from "../weights-tool/progress-line";
import { runWeightsTool } from "../weights-tool/run-weights";
import { parseWeightsArgs, WEIGHTS_HELP } from "../weights-tool/weights-args";
import { fsErrorCode, fsErrorWords } from "../node/fs-error-words";
import { OutFolderError } from "../weights-tool/check-out-folder";
import { onInterrupt } from "../node/interrupt";
import { printableLines } from "../shared/printable";
import { EXIT, exitCodeFor } from "./exit-codes";

// Ctrl-C, SIGTERM, SIGHUP: the first stops the download or conversion (nothing replaced), a second exits at once.
const interrupt = onInterrupt();
/** Every line the tool prints, with control characters in names escaped. */
const say = (s: string) => console.log(printableLines(s));
const sayError = (s: string) => console.error(printableLines(s));

async function main(): Promise<number> {
  const args = parseWeightsArgs(process.argv.slice(2));
  if (args.help) {
    console.log(WEIGHTS_HELP);
    return EXIT.ok;
  }
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let liveLine = false; // a progress line without its newline yet
  const report = await runWeightsTool(args, {
    log: (s) => {
      if (liveLine) process.stderr.write("\n");
      liveLine = false;
      say(s);
    },
    signal: interrupt.signal,
    onDownloadProgress: (p) => {
      // A live line on a terminal; an occasional plain line in a log file.
      if (tty) {
        process.stderr.write(`\r${progressLine(p)}\x1b[K`);
        liveLine = true;
      }
      else if (Date.now() - lastLine > 5000 || (p.total !== null && p.received === p.total)) {
        lastLine = Date.now();
        process.stderr.write(progressLine(p) + "\n");
      }
    },
  });
  // A preset the source could not fill is reported above, not a failure: lite alone is useful.
  return report.built.length ? EXIT.ok : EXIT.weightsMissing;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (isRestyleError(e)) {
      sayError(`\n${e.message}`);
      if (e.detail) sayError(`  (${e.detail.split("\n")[0]})`);
      process.exit(e.code === "cancelled" ? (interrupt.exitCode() ?? EXIT.cancelled) : exitCodeFor(e.code));
    }
    if (e instanceof OutFolderError) {
      sayError(e.message);
      process.exit(EXIT.outputFile);
    }
    if (fsErrorCode(e)) {
      // A file-system failure while writing (a full disk…): in words, without a stack.
      const path = (e as NodeJS.ErrnoException).path;
      sayError(`\nCould not write the weights${path ? ` (${path})` : ""}: ${fsErrorWords(e)}. Nothing was replaced.`);
      process.exit(EXIT.outputFile);
    }
    sayError(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(EXIT.internal);
  },
);

/** `npm run weights`: download / convert the VGG19 weights (see src/weights-tool/). */
import { isRestyleError } from "../engine/errors";
import { progressLine } from "../weights/node/progress-line";
import { runWeightsTool } from "../weights/node/run-weights";
import { parseWeightsArgs, WEIGHTS_HELP } from "../weights/node/weights-args";
import { fsErrorCode, fsErrorWords } from "../kit/node/fs-error-words";
import { OutFolderError } from "../weights/node/check-out-folder";
import { EXIT, exitCodeFor } from "./exit-codes";

async function main(): Promise<number> {
  const args = parseWeightsArgs(process.argv.slice(2));
  if (args.help) {
    console.log(WEIGHTS_HELP);
    return EXIT.ok;
  }
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let liveLine = false; // a progress line without its newline yet
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  const report = await runWeightsTool(args, {
    log: (s) => {
      if (liveLine) process.stderr.write("\n");
      liveLine = false;
      console.log(s);
    },
    signal: abort.signal,
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
      console.error(`\n${e.message}`);
      if (e.detail) console.error(`  (${e.detail.split("\n")[0]})`);
      process.exit(exitCodeFor(e.code));
    }
    if (e instanceof OutFolderError) {
      console.error(e.message);
      process.exit(EXIT.outputFile);
    }
    if (fsErrorCode(e)) {
      // A file-system failure while writing (a full disk…): in words, without a stack.
      const path = (e as NodeJS.ErrnoException).path;
      console.error(`\nCould not write the weights${path ? ` (${path})` : ""}: ${fsErrorWords(e)}. Nothing was replaced.`);
      process.exit(EXIT.outputFile);
    }
    console.error(e);
    process.exit(EXIT.internal);
  },
);

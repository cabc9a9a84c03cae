/**
 * The weights tool as a command: `npm run weights` (into the package's weights/) and
 * `restyle weights` (into the user's cache, where an installed CLI looks). Argv in, exit code out.
 */
import { isRestyleError } from "../engine/errors";
import { fsErrorCode, fsErrorWords } from "../kit/node/fs-error-words";
import { OutFolderError } from "../weights/node/check-out-folder";
import { runWeightsTool } from "../weights/node/run-weights";
import { parseWeightsArgs, WEIGHTS_HELP } from "../weights/node/weights-args";
import { createDownloadProgress } from "./download-progress";
import { EXIT, exitCodeFor } from "./exit-codes";

/**
 * `command`: how the help's usage line names the command. `source`: what a bare command downloads
 * (`restyle weights` takes the pinned GitHub copy, the host the rest of the product already uses).
 */
export async function weightsMain(argv: readonly string[], defaultOut: string, command = "npm run weights --", source?: "github"): Promise<number> {
  try {
    const bare = source && !["--from", "--source", "--url"].some((f) => argv.includes(f));
    const args = parseWeightsArgs([...argv, ...(argv.includes("--out") ? [] : ["--out", defaultOut]), ...(bare ? ["--source", source] : [])]);
    if (args.help) {
      console.log(WEIGHTS_HELP.replace("npm run weights --", command).replace("(default weights)", `(default ${defaultOut})`));
      return EXIT.ok;
    }
    const bar = createDownloadProgress(process.stderr);
    const abort = new AbortController();
    process.once("SIGINT", () => abort.abort());
    const report = await runWeightsTool(args, {
      log: (s) => {
        bar.done();
        console.log(s);
      },
      signal: abort.signal,
      onDownloadProgress: (p) => bar.update(p),
    });
    bar.done();
    // A preset the source could not fill is reported above, not a failure: lite alone is useful.
    return report.built.length ? EXIT.ok : EXIT.weightsMissing;
  } catch (e) {
    return reportFailure(e);
  }
}

function reportFailure(e: unknown): number {
  if (isRestyleError(e)) {
    console.error(`\n${e.message}`);
    if (e.detail) console.error(`  (${e.detail.split("\n")[0]})`);
    return exitCodeFor(e.code);
  }
  if (e instanceof OutFolderError) {
    console.error(e.message);
    return EXIT.outputFile;
  }
  if (fsErrorCode(e)) {
    // A file-system failure while writing (a full disk…): in words, without a stack.
    const path = (e as NodeJS.ErrnoException).path;
    console.error(`\nCould not write the weights${path ? ` (${path})` : ""}: ${fsErrorWords(e)}. Nothing was replaced.`);
    return EXIT.outputFile;
  }
  console.error(e);
  return EXIT.internal;
}

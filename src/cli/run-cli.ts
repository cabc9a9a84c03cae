/**
 * The `restyle` command as a function: argv in, exit code out. Every failure ends here as a
 * one-line message on stderr (and a JSON object on stdout with --json) and a distinct exit code.
 */
import { DEFAULT_OPTIONS } from "../engine/defaults";
import { RestyleError, isRestyleError, toRestyleError } from "../engine/errors";
import type { RgbaImage, StylizeOptions, StylizeResult } from "../engine/types";
import { stylize } from "../engine/stylize";
import { useNodeBackend } from "../node/backend";
import { readImageFile, writePngFile } from "../node/image-io";
import { parseCli, USAGE, type CliArgs } from "./args";
import { EXIT, exitCodeFor, type ExitCode } from "./exit-codes";
import { packageVersion } from "./package-root";
import { createProgressSink } from "./progress-bar";
import { loadCliWeights } from "./weights-for-cli";

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

/** A failure with its exit code already decided (file errors are not RestyleErrors). */
class CliFailure extends Error {
  constructor(readonly exitCode: ExitCode, message: string, readonly code: string) {
    super(message);
  }
}

function fileError(e: unknown, what: string, path: string, exitCode: ExitCode): CliFailure {
  const errno = (e as NodeJS.ErrnoException).code;
  const why =
    errno === "ENOENT" ? "no such file" : errno === "EACCES" || errno === "EPERM" ? "permission denied" : errno === "EISDIR" ? "it is a folder" : errno ?? String(e);
  return new CliFailure(exitCode, `Cannot ${exitCode === EXIT.outputFile ? "write" : "read"} ${what} ${path}: ${why}.`, exitCode === EXIT.outputFile ? "output-file" : "input-file");
}

async function readInput(path: string, what: string): Promise<RgbaImage> {
  try {
    return await readImageFile(path);
  } catch (e) {
    if (isRestyleError(e)) throw e;
    throw fileError(e, what, path, EXIT.inputFile);
  }
}

export function summaryJson(args: CliArgs, options: StylizeOptions, result: StylizeResult) {
  const s = result.stats;
  return {
    ok: true,
    output: args.output,
    content: args.content,
    styles: args.styles.map((path, i) => ({ path, weight: args.styleWeights?.[i] ?? 1 })),
    width: result.image.width,
    height: result.image.height,
    options: { ...options, backend: args.backend },
    losses: { start: s.lossStart, end: s.lossEnd },
    iterations: s.iterations,
    evaluations: s.evaluations,
    msPerIteration: s.msPerIteration,
    memoryCapped: s.memoryCapped,
    elapsedMs: s.elapsedMs,
    backend: s.backend,
    peakBytes: s.peakBytes,
    scales: s.scales,
  };
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes("--json");
  const fail = (exitCode: ExitCode, code: string, message: string, hint?: string): number => {
    io.stderr.write(`restyle: ${message}\n${hint ? hint + "\n" : ""}`);
    if (json) io.stdout.write(JSON.stringify({ ok: false, error: { code, exitCode, message } }) + "\n");
    return exitCode;
  };
  try {
    const cmd = parseCli(argv);
    if (cmd.kind === "help") {
      io.stdout.write(USAGE + "\n");
      return EXIT.ok;
    }
    if (cmd.kind === "version") {
      io.stdout.write(packageVersion() + "\n");
      return EXIT.ok;
    }
    const args = cmd.args;
    json = args.json;
    const log = (s: string) => {
      if (!args.quiet) io.stderr.write(s + "\n");
    };

    const content = await readInput(args.content, "the content image");
    const styles = [];
    for (const [i, path] of args.styles.entries()) styles.push({ image: await readInput(path, "the style image"), weight: args.styleWeights?.[i] ?? 1 });

    const options: StylizeOptions = { ...DEFAULT_OPTIONS, ...args.options };
    const backend = await useNodeBackend(args.backend);
    const weights = await loadCliWeights(options.preset, args.weightsDir, log);
    log(`restyle: ${options.preset} preset, ${backend} backend, ${options.optimizer}, ${options.iterations} iterations × ${options.scales.length} scale(s)`);

    const sink = args.quiet ? null : createProgressSink(io.stderr);
    let result: StylizeResult;
    try {
      result = await stylize(weights, { content, styles }, options, { onProgress: (p) => sink?.update(p), signal: io.signal });
    } finally {
      sink?.done();
      weights.dispose();
    }

    try {
      await writePngFile(args.output, result.image);
    } catch (e) {
      throw fileError(e, "the output", args.output, EXIT.outputFile);
    }
    const s = result.stats;
    if (json) io.stdout.write(JSON.stringify(summaryJson(args, options, result)) + "\n");
    else {
      const work = s.scales[s.scales.length - 1];
      if (s.memoryCapped) io.stderr.write(`restyle: the working size was reduced to ${work.join("×")} to fit in memory.\n`);
      io.stdout.write(`Wrote ${args.output} (${result.image.width}×${result.image.height}) in ${(s.elapsedMs / 1000).toFixed(1)} s, loss ${s.lossStart.total.toPrecision(4)} → ${s.lossEnd.total.toPrecision(4)}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliFailure) return fail(e.exitCode, e.code, e.message);
    const err = e instanceof RestyleError ? e : toRestyleError(e);
    if (!(e instanceof RestyleError) && !isLikelyRuntime(e)) {
      // Not a failure we know: show the stack, it is a bug to report.
      return fail(EXIT.internal, "internal", `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    const hint = err.code === "bad-options" ? "Run restyle --help for the options." : undefined;
    return fail(exitCodeFor(err.code), err.code, err.message, hint);
  }
}

/** tfjs reports OOM / backend trouble as plain Errors; toRestyleError recognises those by message. */
function isLikelyRuntime(e: unknown): boolean {
  const c = toRestyleError(e).code;
  return c === "out-of-memory" || c === "context-lost" || c === "cancelled";
}

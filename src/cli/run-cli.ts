/**
 * The `restyle` command as a function: argv in, exit code out. Every failure ends here as a
 * one-line message on stderr (and a JSON object on stdout with --json) and a distinct exit code.
 */
import { realpath, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DEFAULT_OPTIONS } from "../engine/defaults";
import { RestyleError, isRestyleError, toRestyleError } from "../engine/errors";
import { resolveOptions } from "../engine/options";
import type { RgbaImage, StylizeOptions, StylizeResult } from "../engine/types";
import { runSizes, stylize } from "../engine/stylize";
import type { WriteFs } from "../node/atomic-write";
import { useNodeBackend } from "../node/backend";
import { checkOutputWritable } from "../node/check-output";
import { fsErrorWords } from "../node/fs-error-words";
import { decodeImage, NotAFileError, readImageFile, writeImageFile } from "../node/image-io";
import { GALLERY, galleryStyle, type GalleryStyle } from "../gallery";
import { listStylesText, parseCli, USAGE, type CliArgs } from "./args";
import { EXIT, exitCodeFor, type ExitCode } from "./exit-codes";
import { packageVersion } from "./package-root";
import { createProgressSink } from "./progress-bar";
import { loadCliWeights } from "./weights-for-cli";

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** The file system the output is written through (tests inject a failing one). */
  writeFs?: WriteFs;
}

/** A failure with its exit code already decided (file errors are not RestyleErrors). */
class CliFailure extends Error {
  constructor(readonly exitCode: ExitCode, message: string, readonly code: string) {
    super(message);
  }
}

function fileError(e: unknown, what: string, path: string, exitCode: ExitCode): CliFailure {
  const writing = exitCode === EXIT.outputFile;
  return new CliFailure(exitCode, `Cannot ${writing ? "write" : "read"} ${what} ${path}: ${fsErrorWords(e)}.`, writing ? "output-file" : "input-file");
}

async function readInput(path: string, what: string): Promise<RgbaImage> {
  try {
    return await readImageFile(path);
  } catch (e) {
    if (isRestyleError(e)) throw e;
    if (e instanceof NotAFileError) {
      const why = e.kind === "folder" ? "it is a folder" : "it is not a regular file (a pipe or a device)";
      throw new CliFailure(EXIT.inputFile, `Cannot read ${what} ${path}: ${why}.`, "input-file");
    }
    throw fileError(e, what, path, EXIT.inputFile);
  }
}

/** A built-in style by its slug (parseCli has checked it; this keeps runCli safe for any CliArgs). */
function presetStyle(slug: string): GalleryStyle {
  const style = galleryStyle(slug);
  if (!style) throw new RestyleError("bad-options", `--style-preset "${slug}" is not a built-in style.`);
  return style;
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

/** Output problems found before the run: writing over an input, a missing or unwritable folder. */
async function checkOutput(args: CliArgs): Promise<void> {
  if (!args.overwriteInput) {
    for (const [path, what] of [[args.content, "the content image"], ...args.styles.map((p) => [p, "a style image"])] as const) {
      if (await sameFile(args.output, path)) {
        throw new CliFailure(EXIT.usage, `The output ${args.output} is ${what}; choose another -o, or pass --overwrite-input to replace it.`, "bad-options");
      }
    }
  }
  try {
    await checkOutputWritable(args.output);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliFailure(EXIT.outputFile, `Cannot write the output ${args.output}: the folder ${dirname(resolve(args.output))} does not exist.`, "output-file");
    }
    throw fileError(e, "the output", args.output, EXIT.outputFile);
  }
}

export function summaryJson(args: CliArgs, options: StylizeOptions, result: StylizeResult) {
  const s = result.stats;
  return {
    ok: true,
    output: args.output,
    content: args.content,
    styles: [
      ...args.styles.map((path, i) => ({ path, weight: args.styleWeights?.[i] ?? 1 })),
      ...args.stylePresets.map((preset, i) => ({ preset, title: galleryStyle(preset)?.title, weight: args.styleWeights?.[args.styles.length + i] ?? 1 })),
    ],
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
    tiles: s.tiles,
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
    if (cmd.kind === "list-styles") {
      io.stdout.write(cmd.json ? JSON.stringify(GALLERY.map(({ slug, title, artist, year, width, height }) => ({ slug, title, artist, year, width, height }))) + "\n" : listStylesText());
      return EXIT.ok;
    }
    const args = cmd.args;
    json = args.json;
    const log = (s: string) => {
      if (!args.quiet) io.stderr.write(s + "\n");
    };

    await checkOutput(args);
    const content = await readInput(args.content, "the content image");
    const styles = [];
    for (const [i, path] of args.styles.entries()) styles.push({ image: await readInput(path, "the style image"), weight: args.styleWeights?.[i] ?? 1 });
    for (const [i, slug] of args.stylePresets.entries()) {
      const g = presetStyle(slug);
      log(`restyle: style ${slug}: ${g.title}, ${g.artist}, ${g.year} (built in)`);
      styles.push({ image: decodeImage(g.jpeg, `The built-in style ${slug}`), weight: args.styleWeights?.[args.styles.length + i] ?? 1 });
    }

    const options: StylizeOptions = { ...DEFAULT_OPTIONS, ...args.options };
    const backend = await useNodeBackend(args.backend);
    // The real schedule (coarse scales too small for the network are skipped; a hopeless image is refused here).
    const plan = runSizes(content, resolveOptions(options), false, styles.filter((s) => s.weight > 0).map((s) => s.image));
    const weights = await loadCliWeights(options.preset, args.weightsDir, log);
    const sizes = plan.plan.map((p) => `${p.width}×${p.height}: ${p.iterations} iterations${p.tiles > 1 ? ` in ${p.tiles} tiles` : ""}`).join(", ");
    log(`restyle: ${options.preset} preset, ${backend} backend, ${options.optimizer}, ${plan.sizes.length} scale(s) (${sizes})`);

    const sink = args.quiet ? null : createProgressSink(io.stderr);
    let result: StylizeResult;
    try {
      result = await stylize(weights, { content, styles }, options, { onProgress: (p) => sink?.update(p), signal: io.signal });
    } finally {
      sink?.done();
      weights.dispose();
    }

    // Interrupted after the last iteration: still nothing is written.
    if (io.signal?.aborted) throw new RestyleError("cancelled", "The run was cancelled.");
    try {
      await writeImageFile(args.output, result.image, io.writeFs);
    } catch (e) {
      throw fileError(e, "the output", args.output, EXIT.outputFile);
    }
    const s = result.stats;
    if (json) io.stdout.write(JSON.stringify(summaryJson(args, options, result)) + "\n");
    else {
      if (s.memoryCapped) io.stderr.write(`restyle: at ${s.scales[s.scales.length - 1].join("×")} the optimiser's own state is over the memory budget, even in tiles.\n`);
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
    if (err.code === "cancelled") return fail(EXIT.cancelled, "cancelled", "interrupted; nothing was written.");
    const hint = err.code === "bad-options" ? "Run restyle --help for the options." : undefined;
    return fail(exitCodeFor(err.code), err.code, err.message, hint);
  }
}

/** tfjs reports OOM / backend trouble as plain Errors; toRestyleError recognises those by message. */
function isLikelyRuntime(e: unknown): boolean {
  const c = toRestyleError(e).code;
  return c === "out-of-memory" || c === "context-lost" || c === "cancelled";
}

/**
 * The `restyle` command as a function: argv in, exit code out. Every failure ends here as a
 * one-line message on stderr (and a JSON object on stdout with --json) and a distinct exit code.
 */
import type { PlannedScale } from "../engine/scale-plan";
import { DEFAULT_OPTIONS } from "../engine/defaults";
import { RestyleError, isRestyleError, toRestyleError } from "../engine/errors";
import { resolveOptions } from "../engine/options";
import type { RgbaImage, StylizeOptions, StylizeResult } from "../engine/types";
import { runSizes, styleSizeAt, stylize } from "../engine/stylize";
import type { WriteFs } from "../kit/node/atomic-write";
import { useNodeBackend } from "../node/backend";
import { decodeImage, writeImageFile } from "../node/image-io";
import { shrinkToward } from "../node/shrink-image";
import { printable, printableJson, printableLines } from "../kit/printable";
import { GALLERY, galleryStyle, type GalleryStyle } from "../gallery";
import { listStylesText, parseCli, USAGE, type CliArgs } from "./args";
import { checkOutput, CliFailure, fileError, readInput } from "./cli-files";
import { EXIT, exitCodeFor } from "./exit-codes";
import { packageVersion } from "./package-root";
import { createProgressSink } from "./progress-bar";
import { loadCliWeights } from "./weights-for-cli";

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Aborted on Ctrl-C (SIGTERM, SIGHUP). */
  signal?: AbortSignal;
  /** The exit code of a cancelled run: 128 + the signal's number (default 130, SIGINT's). */
  cancelExitCode?: () => number | undefined;
  /** The file system the output is written through (tests inject a failing one). */
  writeFs?: WriteFs;
}

/** A built-in style by its slug (parseCli has checked it; this keeps runCli safe for any CliArgs). */
function presetStyle(slug: string): GalleryStyle {
  const style = galleryStyle(slug);
  if (!style) throw new RestyleError("bad-options", `--style-preset "${slug}" is not a built-in style.`);
  return style;
}

/**
 * The inputs, each shrunk on its bytes to what the run needs (shrink-image.ts) right after it is
 * decoded, so that at most one full-size image is held at a time and no full-size tensor is made:
 * the content toward the output size, a style toward the size it is seen at the working size.
 */
async function readInputs(args: CliArgs, options: StylizeOptions, log: (s: string) => void) {
  const o = resolveOptions(options);
  const { content, size, plan } = await readContent(args.content, o);
  const styles: Array<{ image: RgbaImage; weight: number; size: RgbaImage }> = [];
  const add = (image: RgbaImage, weight: number) =>
    // Only the size of the decoded image is kept: runSizes reads nothing else, and its messages name the file's size.
    styles.push({ image: shrinkToward(image, styleSizeAt(image, plan.work[0], plan.work[1], o.styleScale)), weight, size: sizeOnly(image) });
  for (const [i, path] of args.styles.entries()) add(await readInput(path, "the style image"), args.styleWeights?.[i] ?? 1);
  for (const [i, slug] of args.stylePresets.entries()) {
    const g = presetStyle(slug);
    log(`restyle: style ${slug}: ${g.title}, ${g.artist}, ${g.year} (built in)`);
    add(decodeImage(g.jpeg, `The built-in style ${slug}`), args.styleWeights?.[args.styles.length + i] ?? 1);
  }
  // The real schedule, from the files' own sizes (coarse scales too small for the network are skipped; a hopeless image is refused here).
  const schedule = runSizes(
    size,
    o,
    false,
    styles.filter((s) => s.weight > 0).map((s) => s.size),
  );
  return { content, styles: styles.map(({ image, weight }) => ({ image, weight })), schedule };
}

/** The content shrunk toward the output size; the decoded image is not kept past this call. */
async function readContent(path: string, o: StylizeOptions) {
  const decoded = await readInput(path, "the content image");
  const plan = runSizes(decoded, o, false);
  return { content: shrinkToward(decoded, plan.out), size: sizeOnly(decoded), plan };
}

function sizeOnly(img: RgbaImage): RgbaImage {
  return { width: img.width, height: img.height, data: new Uint8Array(0) };
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
  const fail = (exitCode: number, code: string, message: string, hint?: string): number => {
    io.stderr.write(`restyle: ${printableLines(message)}\n${hint ? hint + "\n" : ""}`);
    if (json) io.stdout.write(printableJson(JSON.stringify({ ok: false, error: { code, exitCode, message } })) + "\n");
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
      io.stdout.write(
        cmd.json
          ? JSON.stringify(GALLERY.map(({ slug, title, artist, year, width, height }) => ({ slug, title, artist, year, width, height }))) + "\n"
          : listStylesText(),
      );
      return EXIT.ok;
    }
    const args = cmd.args;
    json = args.json;
    const log = (s: string) => {
      if (!args.quiet) io.stderr.write(printableLines(s) + "\n");
    };

    await checkOutput(args);
    const options: StylizeOptions = { ...DEFAULT_OPTIONS, ...args.options };
    const backend = await useNodeBackend(args.backend);
    const { content, styles, schedule: plan } = await readInputs(args, options, log);
    const weights = await loadCliWeights(options.preset, args.weightsDir, log, { progress: args.quiet ? null : io.stderr });
    log(
      `restyle: ${options.preset} preset, ${backend} backend, ${options.optimizer}, ${plan.sizes.length} scale(s) (${describePlan(plan.plan, options.optimizer)})`,
    );

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
      await writeImageFile(args.output, result.image, { fs: io.writeFs, signal: io.signal });
    } catch (e) {
      if (isRestyleError(e)) throw e;
      throw fileError(e, "the output", args.output, EXIT.outputFile);
    }
    if (json) io.stdout.write(printableJson(JSON.stringify(summaryJson(args, options, result))) + "\n");
    else reportDone(io, args.output, result);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliFailure) return fail(e.exitCode, e.code, e.message);
    const err = e instanceof RestyleError ? e : toRestyleError(e);
    if (!(e instanceof RestyleError) && !isLikelyRuntime(e)) {
      // Not a failure we know: show the stack, it is a bug to report.
      return fail(EXIT.internal, "internal", `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    if (err.code === "cancelled") return fail(io.cancelExitCode?.() ?? EXIT.cancelled, "cancelled", "interrupted; nothing was written.");
    const hint = err.code === "bad-options" ? "Run restyle --help for the options." : undefined;
    return fail(exitCodeFor(err.code), err.code, err.message, hint);
  }
}

/** tfjs reports OOM / backend trouble as plain Errors; toRestyleError recognises those by message. */
function isLikelyRuntime(e: unknown): boolean {
  const c = toRestyleError(e).code;
  return c === "out-of-memory" || c === "context-lost" || c === "cancelled";
}

/** Each scale in words: its size, cap, tiles, and the optimiser where memory chose another. */
function describePlan(plan: readonly PlannedScale[], asked: StylizeOptions["optimizer"]): string {
  const words = (p: PlannedScale) =>
    `${p.width}×${p.height}: ${p.iterations} iterations${p.tiles > 1 ? ` in ${p.tiles} tiles` : ""}${p.optimizer !== asked ? ` (${p.optimizer}, to fit memory)` : ""}${p.state === "host" ? " with the picture in main memory" : ""}`;
  return plan.map(words).join(", ");
}

/** The run's end in words, for a person (--json prints summaryJson instead). */
function reportDone(io: CliIo, output: string, result: StylizeResult): void {
  const s = result.stats;
  if (s.memoryCapped)
    io.stderr.write(`restyle: at ${s.scales[s.scales.length - 1].join("×")} the optimiser's own state is over the memory budget, even in tiles.\n`);
  const loss = `${s.lossStart.total.toPrecision(4)} → ${s.lossEnd.total.toPrecision(4)}`;
  io.stdout.write(`Wrote ${printable(output)} (${result.image.width}×${result.image.height}) in ${(s.elapsedMs / 1000).toFixed(1)} s, loss ${loss}\n`);
}

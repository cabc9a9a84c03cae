/**
 * `restyle` command line → validated run settings. Pure: no I/O, so every rule is unit-testable.
 * Every numeric bound comes from BOUNDS; a bad value is a RestyleError("bad-options") naming the option.
 */
import { parseArgs as nodeParseArgs } from "node:util";
import { BOUNDS, DEFAULT_OPTIONS } from "../engine/defaults";
import { RestyleError } from "../engine/errors";
import type { InitMode, OptimizerName, Pooling, PresetName, StylizeOptions } from "../engine/types";
import type { NodeBackend } from "../node/backend";
import { GALLERY, galleryStyle } from "../gallery";
import { EXIT_CODES_HELP } from "./exit-codes";

export interface CliArgs {
  content: string;
  /** Style image files. */
  styles: string[];
  /** Built-in styles (gallery slugs, checked), blended after the files. */
  stylePresets: string[];
  /** One blend weight per style (the files, then the presets), or undefined for equal weights. */
  styleWeights?: number[];
  output: string;
  options: Partial<StylizeOptions>;
  backend: NodeBackend;
  /** Explicit weights folder; undefined = weights/<preset> in the package. */
  weightsDir?: string;
  /** -o may name an input file (which is then replaced). */
  overwriteInput: boolean;
  json: boolean;
  quiet: boolean;
}

export type ParsedCommand = { kind: "help" } | { kind: "version" } | { kind: "list-styles"; json: boolean } | { kind: "run"; args: CliArgs };

export const USAGE = `Usage: restyle <content> <style> [<style>…] -o out.png [options]
       restyle <content> --style-preset NAME [<style>…] -o out.png [options]
       restyle --list-styles

Paints <content> in the style of one or more <style> images (PNG or JPEG) and/or built-in paintings
(--style-preset) and writes a PNG or JPEG. Ctrl-C stops the run (exit 130) and writes nothing.

Options:
  --style-preset NAME      a built-in painting as a style (repeatable; names: restyle --list-styles)
  --list-styles            list the built-in paintings: name, title, artist, year
  -o, --output FILE        where to write the result: .png, or .jpg/.jpeg for JPEG (default out.png)
  --overwrite-input        allow -o to name an input image (it is replaced)
  --strength X             ${BOUNDS.strength.join("–")}; 0 = the content, 1 = strongest style (default ${DEFAULT_OPTIONS.strength})
  --size PX                long side of the output, painted at that size (up to ${BOUNDS.size[1]}),
                           0 = the content's size (default ${DEFAULT_OPTIONS.size})
  --working-size PX        long side of the first, coarsest scale; each finer one doubles up to
                           --size (default: min(size, ${DEFAULT_OPTIONS.workingSize}))
  --iterations N           optimiser steps at the working size, ${BOUNDS.iterations.join("–")}; each finer scale runs
                           half as many as the one before (default ${DEFAULT_OPTIONS.iterations})
  --memory-budget MB       the most memory a run may plan to use; a scale that would not fit runs
                           in tiles, ${BOUNDS.memoryBudgetMB.join("–")} (default ${DEFAULT_OPTIONS.memoryBudgetMB})
  --preset lite|full       network depth: lite = VGG19 blocks 1–3, full = blocks 1–5 (default ${DEFAULT_OPTIONS.preset})
  --optimizer adam|lbfgs   (default ${DEFAULT_OPTIONS.optimizer})
  --scales A,B,…,1         coarser scales below the working size, ascending, ending at 1 (default ${DEFAULT_OPTIONS.scales.join(",")})
  --preserve-colors        keep the content's colours (luminance-only transfer)
  --style-scale X          style image size relative to the content, ${BOUNDS.styleScale.join("–")} (default ${DEFAULT_OPTIONS.styleScale})
  --style-weights A,B,…    blend weight per style, ${BOUNDS.styleWeight.join("–")} each (default equal): the style
                           files first, then the presets, each in the order given
  --init content|noise     starting image (default ${DEFAULT_OPTIONS.init})
  --seed N                 random seed for noise init (default ${DEFAULT_OPTIONS.seed})
  --pooling max|avg        VGG pooling (default ${DEFAULT_OPTIONS.pooling})
  --tv-weight X            smoothness, ${BOUNDS.tvWeight.join("–")} (default ${DEFAULT_OPTIONS.tvWeight})
  --learning-rate X        Adam step in 0–255 pixel units (default ${DEFAULT_OPTIONS.learningRate})
  --backend cpu|wasm       TensorFlow.js backend (default wasm: faster)
  --weights DIR            weights folder (default weights/<preset> in the package)
  --json                   print one JSON summary on stdout at the end
  -q, --quiet              no progress output
  -h, --help               this text
  --version                the version

${EXIT_CODES_HELP}`;

const bad = (message: string, detail?: string) => new RestyleError("bad-options", message, detail);

function num(name: string, raw: string, [min, max]: readonly [number, number], integer = false): number {
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v)) throw bad(`--${name} must be a number, got "${raw}".`);
  if (integer && !Number.isInteger(v)) throw bad(`--${name} must be a whole number, got ${raw}.`);
  if (v < min || v > max) throw bad(`--${name} must be between ${min} and ${max}, got ${raw}.`);
  return v;
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw bad(`--${name} must be one of ${allowed.join(", ")}, got "${raw}".`);
  return raw as T;
}

function numList(name: string, raw: string, bounds: readonly [number, number]): number[] {
  const parts = raw.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "")) throw bad(`--${name} must be a comma-separated list of numbers, got "${raw}".`);
  return parts.map((p) => num(name, p, bounds));
}

export function parseScales(raw: string): number[] {
  const scales = numList("scales", raw, BOUNDS.scale);
  for (let i = 1; i < scales.length; i++) {
    if (!(scales[i] > scales[i - 1])) throw bad(`--scales must be ascending, got ${raw}.`);
  }
  if (scales[scales.length - 1] !== 1) throw bad(`--scales must end at 1 (the working size), got ${raw}.`);
  return scales;
}

/** A --style-preset value as a gallery slug, or a usage error naming the valid ones. */
function presetSlug(raw: string): string {
  if (galleryStyle(raw)) return raw;
  throw bad(`--style-preset "${raw}" is not a built-in style; choose one of ${GALLERY.map((s) => s.slug).join(", ")} (restyle --list-styles).`);
}

/** `restyle --list-styles`: one painting a line, its name padded so the titles line up. */
export function listStylesText(): string {
  const width = Math.max(...GALLERY.map((s) => s.slug.length));
  return GALLERY.map((s) => `${s.slug.padEnd(width)}  ${s.title}, ${s.artist}, ${s.year}\n`).join("");
}

const SPEC = {
  output: { type: "string", short: "o" },
  "overwrite-input": { type: "boolean" },
  strength: { type: "string" },
  size: { type: "string" },
  "working-size": { type: "string" },
  "memory-budget": { type: "string" },
  iterations: { type: "string" },
  preset: { type: "string" },
  optimizer: { type: "string" },
  scales: { type: "string" },
  "preserve-colors": { type: "boolean" },
  "style-scale": { type: "string" },
  "style-weights": { type: "string" },
  "style-preset": { type: "string", multiple: true },
  "list-styles": { type: "boolean" },
  init: { type: "string" },
  seed: { type: "string" },
  pooling: { type: "string" },
  "tv-weight": { type: "string" },
  "learning-rate": { type: "string" },
  backend: { type: "string" },
  weights: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

function tokenize(argv: readonly string[]) {
  try {
    return nodeParseArgs({ args: [...argv], options: SPEC, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's own message ("Unknown option '--foo'…") is already clear; keep it.
    throw bad(e instanceof Error ? e.message : String(e), String(e));
  }
}

export function parseCli(argv: readonly string[]): ParsedCommand {
  const parsed = tokenize(argv);
  const v = parsed.values;
  if (v.help) return { kind: "help" };
  if (v.version) return { kind: "version" };
  if (v["list-styles"]) return { kind: "list-styles", json: v.json ?? false };

  const [content, ...styles] = parsed.positionals;
  const stylePresets = (v["style-preset"] ?? []).map(presetSlug);
  if (!content || styles.length + stylePresets.length === 0) {
    throw bad("Give a content image and at least one style image or --style-preset: restyle <content> <style> -o out.png");
  }

  const options: Partial<StylizeOptions> = {};
  if (v.strength !== undefined) options.strength = num("strength", v.strength, BOUNDS.strength);
  if (v.size !== undefined) {
    options.size = num("size", v.size, BOUNDS.size, true);
    const least = BOUNDS.workingSize[0];
    if (options.size > 0 && options.size < least) throw bad(`--size must be 0 (the content's own size) or at least ${least} px, got ${v.size}.`);
  }
  if (v["working-size"] !== undefined) options.workingSize = num("working-size", v["working-size"], BOUNDS.workingSize, true);
  else if (options.size !== undefined && options.size > 0) {
    // Optimising above the default working size is slow on a CPU: go up to it, then upsample.
    options.workingSize = Math.max(BOUNDS.workingSize[0], Math.min(options.size, DEFAULT_OPTIONS.workingSize));
  }
  if (options.size && options.workingSize && options.workingSize > options.size) {
    throw bad(`--working-size (${options.workingSize}) must not exceed --size (${options.size}).`);
  }
  if (v["memory-budget"] !== undefined) options.memoryBudgetMB = num("memory-budget", v["memory-budget"], BOUNDS.memoryBudgetMB, true);
  if (v.iterations !== undefined) options.iterations = num("iterations", v.iterations, BOUNDS.iterations, true);
  if (v.preset !== undefined) options.preset = oneOf<PresetName>("preset", v.preset, ["lite", "full"]);
  if (v.optimizer !== undefined) options.optimizer = oneOf<OptimizerName>("optimizer", v.optimizer, ["adam", "lbfgs"]);
  if (v.scales !== undefined) options.scales = parseScales(v.scales);
  if (v["preserve-colors"]) options.preserveColors = true;
  if (v["style-scale"] !== undefined) options.styleScale = num("style-scale", v["style-scale"], BOUNDS.styleScale);
  if (v.init !== undefined) options.init = oneOf<InitMode>("init", v.init, ["content", "noise"]);
  if (v.seed !== undefined) options.seed = num("seed", v.seed, BOUNDS.seed, true);
  if (v.pooling !== undefined) options.pooling = oneOf<Pooling>("pooling", v.pooling, ["max", "avg"]);
  if (v["tv-weight"] !== undefined) options.tvWeight = num("tv-weight", v["tv-weight"], BOUNDS.tvWeight);
  if (v["learning-rate"] !== undefined) options.learningRate = num("learning-rate", v["learning-rate"], BOUNDS.learningRate);

  let styleWeights: number[] | undefined;
  if (v["style-weights"] !== undefined) {
    styleWeights = numList("style-weights", v["style-weights"], BOUNDS.styleWeight);
    const count = styles.length + stylePresets.length;
    if (styleWeights.length !== count) {
      throw bad(`--style-weights has ${styleWeights.length} value(s) for ${count} style(s); give one per style (the files, then the presets).`);
    }
    if (!styleWeights.some((w) => w > 0)) throw bad("--style-weights must have at least one weight above 0.");
  }

  const output = v.output ?? "out.png";
  if (output.trim() === "") throw bad("-o needs a file name, e.g. -o out.png.");
  if (!/\.(png|jpe?g)$/i.test(output)) throw bad(`-o must name a .png, .jpg or .jpeg file, got "${output}".`);

  return {
    kind: "run",
    args: {
      content,
      styles,
      stylePresets,
      styleWeights,
      output,
      overwriteInput: v["overwrite-input"] ?? false,
      options,
      backend: v.backend === undefined ? "wasm" : oneOf<NodeBackend>("backend", v.backend, ["cpu", "wasm"]),
      weightsDir: v.weights,
      json: v.json ?? false,
      quiet: v.quiet ?? false,
    },
  };
}

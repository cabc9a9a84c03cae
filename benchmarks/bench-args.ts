/** `npm run bench` command line → settings. Pure. */
import { parseArgs } from "node:util";
import { RestyleError } from "../src/engine/errors";
import type { PresetName } from "../src/engine/types";
import type { BenchBackend } from "./budget";
import { messageOf } from "../src/kit/message-of";

/** The parts of the resolution section (`--resolution-parts`). */
export const RESOLUTION_PARTS = ["wasm", "webgl", "tiles", "4096", "quality", "c2f", "adam"] as const;
export type ResolutionPart = (typeof RESOLUTION_PARTS)[number];

/** The bench's sections (`--only`). */
export const SECTIONS = ["timing", "quality", "resolution"] as const;
export type Section = (typeof SECTIONS)[number];

export interface ResolutionSettings {
  parts: ResolutionPart[];
  /** Long sides on wasm (one process each) and on WebGL (one Chromium page). */
  wasmSizes: number[];
  webglSizes: number[];
  /** Iterations of the short run at each size. */
  iterations: number;
  memoryBudgetMB: number;
  /** Long sides of the tiled-against-untiled evaluations (the planner's grid at each). */
  overheadSizes: number[];
  /** The 512 px run's iteration cap in the quality-at-1024 part (the 1024 px scale runs half). */
  qualityIterations: number;
  /** Coarse-to-fine against one scale at this long side, up to this many full-size-equivalent evaluations. */
  c2fSize: number;
  c2fEvals: number;
  /** Adam's first steps: a coarse run at this long side, then a scale at twice it. */
  adamCoarse: number;
  /** Seconds one size (one process) may take before it is stopped and listed. */
  timeoutS: number;
}

export interface BenchSettings {
  sizes: number[];
  presets: PresetName[];
  backends: BenchBackend[];
  /** Timed iterations per combination (plus one warm-up and one memory-profiling iteration). */
  iterations: number;
  warmup: number;
  /** Seconds one combination may take (projected); longer ones are skipped and listed. */
  budgetS: number;
  /** The extra tf.profile iteration for peak tensor bytes (off: e.g. one WebGL iteration at 512 px on SwiftShader). */
  profile: boolean;
  /** The ms/iteration matrix (off with --no-timing, e.g. to run only --quality). */
  timing: boolean;
  torch: boolean;
  /** Time-to-quality against PyTorch L-BFGS (README, Performance): heavy, off unless asked. */
  quality: boolean;
  /** Long sides to measure time to quality at, each a run of its own (default 256 and 512). */
  qualitySizes: number[];
  qualityEvals: number;
  /** The resolution section (painting at size: seconds, memory, tiles, quality, coarse-to-fine): heavy, off unless asked. */
  resolution?: ResolutionSettings;
  /** Write the JSON here instead of stdout. */
  jsonFile?: string;
  outDir: string;
  shared: string;
  /** The real lite weights for time to quality (default weights/lite in the package). */
  weightsDir?: string;
}

export const BENCH_USAGE = `npm run bench -- [options]     (JSON on stdout, a table on stderr)
  --sizes 128,256,512        image sizes (square)          --presets lite,full
  --backends cpu,wasm,webgl  Node cpu/wasm, webgl in headless Chromium
  --iterations N (3)         timed iterations per combination, after --warmup N (1)
  --budget S (240)           skip combinations projected to take longer than S seconds
  --no-profile               skip the extra tf.profile iteration (WebGL's GPU peak is still measured)
  --no-timing                skip the ms/iteration matrix (e.g. to run only --quality)
  --no-torch                 skip the PyTorch side-by-side
  --quality                  time to PyTorch L-BFGS's loss (slow)
  --quality-size PX,… (256,512)  --quality-evals N (300, PyTorch's evaluations)
  --json FILE                write the JSON to FILE     --out DIR (bench-results)  plots and JSON copies
  --shared DIR               the shared data folder (default ../shared beside the package)
  --weights DIR              real lite weights for --quality (default weights/lite)
  --only SECTION,…           run only these of timing, quality, resolution (e.g. --only resolution)
  --resolution               add the resolution section (painting at size; slow): its parts with
  --resolution-parts P,…     wasm,webgl,tiles,4096,quality,c2f,adam (default all)
  --resolution-sizes PX,… (512,1024,2048)   --resolution-webgl-sizes PX,… (512,1024)
  --resolution-iterations N (2)   short run per size   --resolution-budget MB (1024)
  --overhead-sizes PX,… (512,1024) tiled against untiled    --quality-iterations N (40) at 512, half at 1024
  --c2f-size PX (512)  --c2f-evals N (300)           --adam-coarse PX (64): Adam's first steps at twice it
  --resolution-timeout S (3600)  per size, per part run in its own process`;

const bad = (m: string) => new RestyleError("bad-options", m);

function ints(name: string, raw: string, min: number, max: number): number[] {
  const out = raw.split(",").map((s) => Number(s.trim()));
  if (!out.length || out.some((v) => !Number.isInteger(v) || v < min || v > max)) throw bad(`--${name} wants whole numbers in ${min}–${max}, got "${raw}".`);
  return out;
}

function list<T extends string>(name: string, raw: string, allowed: readonly T[]): T[] {
  const out = raw.split(",").map((s) => s.trim());
  const wrong = out.filter((s) => !(allowed as readonly string[]).includes(s));
  if (wrong.length) throw bad(`--${name}: unknown ${wrong.join(", ")}; choose from ${allowed.join(", ")}.`);
  return out as T[];
}

export function parseBenchArgs(argv: readonly string[], defaults: { shared: string }): BenchSettings | "help" {
  let v;
  try {
    v = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        sizes: { type: "string" },
        presets: { type: "string" },
        backends: { type: "string" },
        iterations: { type: "string" },
        warmup: { type: "string" },
        budget: { type: "string" },
        "no-profile": { type: "boolean" },
        "no-timing": { type: "boolean" },
        "no-torch": { type: "boolean" },
        quality: { type: "boolean" },
        "quality-size": { type: "string" },
        "quality-evals": { type: "string" },
        json: { type: "string" },
        out: { type: "string" },
        shared: { type: "string" },
        weights: { type: "string" },
        only: { type: "string" },
        resolution: { type: "boolean" },
        "resolution-parts": { type: "string" },
        "resolution-sizes": { type: "string" },
        "resolution-webgl-sizes": { type: "string" },
        "resolution-iterations": { type: "string" },
        "resolution-budget": { type: "string" },
        "overhead-sizes": { type: "string" },
        "quality-iterations": { type: "string" },
        "c2f-size": { type: "string" },
        "c2f-evals": { type: "string" },
        "adam-coarse": { type: "string" },
        "resolution-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    throw bad(messageOf(e));
  }
  if (v.help) return "help";
  const only = v.only ? new Set(list<Section>("only", v.only, SECTIONS)) : null;
  const one = (name: string, raw: string | undefined, min: number, max: number, d: number) => (raw ? ints(name, raw, min, max)[0] : d);
  const resolution: ResolutionSettings | undefined = (only ? only.has("resolution") : v.resolution)
    ? {
        parts: v["resolution-parts"] ? list<ResolutionPart>("resolution-parts", v["resolution-parts"], RESOLUTION_PARTS) : [...RESOLUTION_PARTS],
        wasmSizes: v["resolution-sizes"] ? ints("resolution-sizes", v["resolution-sizes"], 16, 4096) : [512, 1024, 2048],
        webglSizes: v["resolution-webgl-sizes"] ? ints("resolution-webgl-sizes", v["resolution-webgl-sizes"], 16, 4096) : [512, 1024],
        iterations: one("resolution-iterations", v["resolution-iterations"], 0, 100, 2),
        memoryBudgetMB: one("resolution-budget", v["resolution-budget"], 1, 65536, 1024),
        overheadSizes: v["overhead-sizes"] ? ints("overhead-sizes", v["overhead-sizes"], 16, 4096) : [512, 1024],
        qualityIterations: one("quality-iterations", v["quality-iterations"], 1, 2000, 40),
        c2fSize: one("c2f-size", v["c2f-size"], 32, 4096, 512),
        c2fEvals: one("c2f-evals", v["c2f-evals"], 1, 5000, 300),
        adamCoarse: one("adam-coarse", v["adam-coarse"], 16, 2048, 64),
        timeoutS: one("resolution-timeout", v["resolution-timeout"], 1, 1e6, 3600),
      }
    : undefined;
  return {
    sizes: v.sizes ? ints("sizes", v.sizes, 16, 2048) : [128, 256, 512],
    presets: v.presets ? list<PresetName>("presets", v.presets, ["lite", "full"]) : ["lite", "full"],
    backends: v.backends ? list<BenchBackend>("backends", v.backends, ["cpu", "wasm", "webgl"]) : ["wasm", "cpu", "webgl"],
    iterations: v.iterations ? ints("iterations", v.iterations, 1, 100)[0] : 3,
    warmup: v.warmup ? ints("warmup", v.warmup, 0, 10)[0] : 1,
    budgetS: v.budget ? ints("budget", v.budget, 1, 1e6)[0] : 240,
    profile: !v["no-profile"],
    timing: only ? only.has("timing") : !v["no-timing"],
    torch: !v["no-torch"],
    quality: only ? only.has("quality") : (v.quality ?? false),
    resolution,
    qualitySizes: v["quality-size"] ? ints("quality-size", v["quality-size"], 16, 2048) : [256, 512],
    qualityEvals: v["quality-evals"] ? ints("quality-evals", v["quality-evals"], 1, 5000)[0] : 300,
    jsonFile: v.json,
    outDir: v.out ?? "bench-results",
    shared: v.shared ?? defaults.shared,
    weightsDir: v.weights,
  };
}

/** `npm run bench` command line → settings. Pure. */
import { parseArgs } from "node:util";
import { RestyleError } from "../src/engine/errors";
import type { PresetName } from "../src/engine/types";
import type { BenchBackend } from "./budget";
import { messageOf } from "../src/kit/message-of";

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
  /** Long sides to measure time to quality at, each a run of its own (default both of the issue's: 256 and 512). */
  qualitySizes: number[];
  qualityEvals: number;
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
  --weights DIR              real lite weights for --quality (default weights/lite)`;

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
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    throw bad(messageOf(e));
  }
  if (v.help) return "help";
  return {
    sizes: v.sizes ? ints("sizes", v.sizes, 16, 2048) : [128, 256, 512],
    presets: v.presets ? list<PresetName>("presets", v.presets, ["lite", "full"]) : ["lite", "full"],
    backends: v.backends ? list<BenchBackend>("backends", v.backends, ["cpu", "wasm", "webgl"]) : ["wasm", "cpu", "webgl"],
    iterations: v.iterations ? ints("iterations", v.iterations, 1, 100)[0] : 3,
    warmup: v.warmup ? ints("warmup", v.warmup, 0, 10)[0] : 1,
    budgetS: v.budget ? ints("budget", v.budget, 1, 1e6)[0] : 240,
    profile: !v["no-profile"],
    timing: !v["no-timing"],
    torch: !v["no-torch"],
    quality: v.quality ?? false,
    qualitySizes: v["quality-size"] ? ints("quality-size", v["quality-size"], 16, 2048) : [256, 512],
    qualityEvals: v["quality-evals"] ? ints("quality-evals", v["quality-evals"], 1, 5000)[0] : 300,
    jsonFile: v.json,
    outDir: v.out ?? "bench-results",
    shared: v.shared ?? defaults.shared,
    weightsDir: v.weights,
  };
}

/** Merges caller options over the defaults and checks every bound; a bad value is a RestyleError. */
import { BOUNDS, DEFAULT_OPTIONS, PRESETS } from "./defaults";
import { describeValue } from "./describe-value";
import { RestyleError } from "./errors";
import { VGG19_LAYERS } from "./layers";
import type { StylizeOptions } from "./types";

const LAYER_NAMES = new Set(VGG19_LAYERS.map((l) => l.name));

function inRange(name: keyof typeof BOUNDS, v: number, label: string = name): void {
  const [lo, hi] = BOUNDS[name];
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
    throw new RestyleError("bad-options", `${label} must be a number from ${lo} to ${hi} (got ${describeValue(v)}).`);
  }
}

function oneOf<T extends string>(name: string, v: T, allowed: readonly T[]): void {
  if (!allowed.includes(v)) throw new RestyleError("bad-options", `${name} must be one of ${allowed.join(", ")} (got ${describeValue(v)}).`);
}

export function resolveOptions(partial: Partial<StylizeOptions> = {}): StylizeOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: StylizeOptions = { ...DEFAULT_OPTIONS, scales: [...DEFAULT_OPTIONS.scales], ...defined };
  oneOf("preset", o.preset, ["lite", "full"]);
  oneOf("optimizer", o.optimizer, ["adam", "lbfgs"]);
  oneOf("pooling", o.pooling, ["max", "avg"]);
  oneOf("init", o.init, ["content", "noise"]);
  for (const k of [
    "strength",
    "size",
    "workingSize",
    "iterations",
    "stopTolerance",
    "stopWindow",
    "styleScale",
    "tvWeight",
    "learningRate",
    "historySize",
    "previewEvery",
    "seed",
  ] as const) {
    inRange(k, o[k]);
  }
  for (const k of ["iterations", "stopWindow", "historySize", "previewEvery", "seed", "size", "workingSize"] as const) {
    if (!Number.isInteger(o[k])) throw new RestyleError("bad-options", `${k} must be a whole number (got ${o[k]}).`);
  }
  inRange("memoryBudgetMB", o.memoryBudgetMB ?? DEFAULT_OPTIONS.memoryBudgetMB!, "memoryBudgetMB");
  if (typeof o.preserveColors !== "boolean")
    throw new RestyleError("bad-options", `preserveColors must be true or false (got ${describeValue(o.preserveColors)}).`);
  if (!Array.isArray(o.scales) || o.scales.length === 0) throw new RestyleError("bad-options", "scales must list at least one scale.");
  o.scales.forEach((s) => inRange("scale", s, "each scale"));
  if (Math.max(...o.scales) !== 1) throw new RestyleError("bad-options", "The largest scale must be 1 (the working size).");
  const layers = { ...PRESETS[o.preset].styleLayers, ...(o.styleLayers ?? {}) };
  for (const [name, w] of Object.entries(layers)) {
    if (!LAYER_NAMES.has(name)) throw new RestyleError("bad-options", `Unknown style layer ${name}.`);
    inRange("styleWeight", w, `The weight of ${name}`);
  }
  if (o.styleLayers) o.styleLayers = layers;
  if (o.contentLayer !== undefined && !LAYER_NAMES.has(o.contentLayer)) {
    throw new RestyleError("bad-options", `Unknown content layer ${o.contentLayer}.`);
  }
  return o;
}

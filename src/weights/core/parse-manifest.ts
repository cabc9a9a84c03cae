/**
 * Checks that untrusted JSON (a fetched manifest.json, a picked file, the inlined bundle) is a
 * Restyle weights manifest before anything is read on its word.
 */
import { isNum, isObj, isStrArray } from "../../kit/guards";
import { RestyleError } from "../../engine/errors";
import { VGG19_LAYERS } from "../../engine/layers";
import type { WeightEntry, WeightGroup, WeightsManifest } from "./manifest";

const corrupt = (detail: string) =>
  new RestyleError("weights-corrupt", "The weights manifest is not valid; convert the weights again with `npm run weights`.", detail);

export function parseManifest(json: unknown): WeightsManifest {
  if (!isObj(json)) throw corrupt("manifest is not a JSON object");
  if (json.format !== "restyle-vgg19") throw corrupt(`format is ${String(json.format)}, expected restyle-vgg19`);
  if (json.version !== 1) throw corrupt(`unsupported manifest version ${String(json.version)}`);
  if (json.preset !== "lite" && json.preset !== "full") throw corrupt(`unknown preset ${String(json.preset)}`);
  if (json.dtype !== "float32" && json.dtype !== "float16" && json.dtype !== "uint8") throw corrupt(`unknown dtype ${String(json.dtype)}`);
  const known = new Set(VGG19_LAYERS.map((l) => l.name));
  if (!Array.isArray(json.layers) || !json.layers.every((l) => typeof l === "string" && known.has(l))) throw corrupt("layers must list VGG19 conv layers");
  if (!Array.isArray(json.weightsManifest)) throw corrupt("weightsManifest is missing");
  const groups = json.weightsManifest.map((g, i) => parseGroup(g, i));
  return {
    format: "restyle-vgg19",
    version: 1,
    preset: json.preset,
    dtype: json.dtype,
    layers: json.layers as string[],
    source: typeof json.source === "string" ? json.source : "",
    weightsManifest: groups,
  };
}

function parseGroup(g: unknown, i: number): WeightGroup {
  if (!isObj(g)) throw corrupt(`group ${i} is not an object`);
  const { paths, weights, sha256, bytes } = g;
  if (!isStrArray(paths) || paths.length === 0) throw corrupt(`group ${i} has no paths`);
  if (paths.some((p) => p.includes("..") || p.startsWith("/") || p.includes("\\"))) throw corrupt(`group ${i} has an unsafe path`);
  if (!isStrArray(sha256) || sha256.length !== paths.length || !sha256.every((h) => /^[0-9a-f]{64}$/.test(h))) {
    throw corrupt(`group ${i} needs one hex sha256 per path`);
  }
  if (!Array.isArray(bytes) || bytes.length !== paths.length || !bytes.every((b) => Number.isInteger(b) && b >= 0)) {
    throw corrupt(`group ${i} needs one byte count per path`);
  }
  if (!Array.isArray(weights) || weights.length === 0) throw corrupt(`group ${i} has no weights`);
  return { paths, sha256, bytes: bytes as number[], weights: weights.map((w, j) => parseEntry(w, `${i}.${j}`)) };
}

function parseEntry(w: unknown, where: string): WeightEntry {
  if (!isObj(w)) throw corrupt(`weight ${where} is not an object`);
  if (typeof w.name !== "string") throw corrupt(`weight ${where} has no name`);
  if (!Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d > 0)) throw corrupt(`${w.name} has a bad shape`);
  if (w.dtype !== "float32") throw corrupt(`${w.name} has dtype ${String(w.dtype)}, expected float32`);
  const entry: WeightEntry = { name: w.name, shape: w.shape as number[], dtype: "float32" };
  if (w.quantization !== undefined) {
    const q = w.quantization;
    if (!isObj(q)) throw corrupt(`${w.name} has a bad quantization`);
    if (q.dtype === "float16") entry.quantization = { dtype: "float16" };
    else if (q.dtype === "uint8") {
      if (!isNum(q.min) || !isNum(q.scale)) throw corrupt(`${w.name} is uint8 without a finite min and scale`);
      entry.quantization = { dtype: "uint8", min: q.min, scale: q.scale };
    } else throw corrupt(`${w.name} has unknown quantization ${String(q.dtype)}`);
  }
  return entry;
}


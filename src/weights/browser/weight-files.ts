/**
 * The page's side of the weights: which file set serves a preset. Files the user picked win; else
 * Lite comes from the bundle inlined at build time and Full from fullWeightFiles (the download, on
 * the page's side so its origin can cache it). The engine (worker or panel thread) receives the set
 * and only makes tensors from it; it never fetches weights itself.
 *
 * The sets stay here as bytes for the panel's life: a fresh engine (after a lost GPU context) gets
 * them again without a second download or decode.
 */
import bundle from "restyle:lite-weights";
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { decodeBase64 } from "../core/base64";
import { MANIFEST_FILE } from "../core/manifest";
import { fullWeightFiles, type FullWeightsHooks, type WeightFiles } from "./full-weights";

export type { WeightFiles } from "./full-weights";
export type WeightFilesHooks = FullWeightsHooks;

const picked = new Map<PresetName, WeightFiles>();
const obtained = new Map<PresetName, Promise<WeightFiles>>();

/** Base64 characters decoded per slice (a multiple of 4), the panel's thread free between slices. */
const SLICE_CHARS = 256 * 1024;

/**
 * A shard's text to bytes, a slice at a time with a yield between: the whole 3 MB bundle in one go
 * held the panel's thread for over 300 ms on a busy machine, and a click waited that long.
 */
async function decodeInSlices(text: string): Promise<Uint8Array> {
  const clean = /\s/.test(text) ? text.replace(/\s+/g, "") : text; // slices must start on a 4-character boundary
  if (clean.length <= SLICE_CHARS) return decodeBase64(clean);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < clean.length; i += SLICE_CHARS) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    parts.push(decodeBase64(clean.slice(i, i + SLICE_CHARS)));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** The inlined Lite bundle as a file set: the manifest's JSON bytes and each shard decoded. */
export async function liteWeightFiles(): Promise<WeightFiles> {
  if (!bundle) {
    throw new RestyleError("weights-missing", "This build of Restyle has no built-in Lite weights; under Advanced, use Load from files… to pick a converted bundle, or choose Finest (the detailed network).");
  }
  const files = new Map<string, Uint8Array>([[MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(bundle.manifest))]]);
  for (const [path, text] of Object.entries(bundle.shards)) {
    try {
      files.set(path, await decodeInSlices(text));
    } catch (e) {
      throw new RestyleError("weights-corrupt", `The built-in weights file ${path} is damaged; rebuild the plugin.`, String(e));
    }
  }
  return files;
}

/** The file set for `preset`: picked files, else the built-in Lite bundle or the Full download. A failure is forgotten. */
export function presetWeightFiles(preset: PresetName, hooks: WeightFilesHooks = {}): Promise<WeightFiles> {
  const mine = picked.get(preset);
  if (mine) return Promise.resolve(mine);
  let p = obtained.get(preset);
  if (!p) {
    p = preset === "lite" ? liteWeightFiles() : fullWeightFiles(hooks);
    obtained.set(preset, p);
    p.catch(() => obtained.delete(preset));
  }
  return p;
}

/** Files the engine has checked and accepted for `preset`: they serve it for the rest of the session. */
export function keepPickedFiles(preset: PresetName, files: WeightFiles): void {
  picked.set(preset, files);
  obtained.delete(preset); // the built-in or downloaded set is no longer needed
}

/** Forgets every set (tests; a panel closes with its page). */
export function forgetWeightFiles(): void {
  picked.clear();
  obtained.clear();
}

/**
 * "Load weights…": turns the files the user picked (manifest.json plus its .bin shards, as written
 * by `npm run weights`) into the session's weights, and says what happened in one sentence.
 */
import { isRestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";

/** What a file input hands over (a DOM File); only the name and the bytes matter. */
export interface PickedFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type PickOutcome = { ok: true; preset: PresetName; message: string } | { ok: false; message: string };

const KERAS_FILE = /\.(h5|hdf5|keras)$/i;

export const KERAS_HINT =
  "Restyle cannot convert a Keras .h5 file in the panel; convert it with `npm run weights -- --from FILE.h5` and pick the manifest.json and .bin files it writes.";

/** Checks and keeps the files (the engine's installWeights, or weights-cache's installPickedWeights). */
export type InstallWeights = (files: ReadonlyMap<string, Uint8Array>) => Promise<{ preset: PresetName; layers: number }>;

/** Reads the picked files and hands them to `install`, which checks them and keeps them for the session. */
export async function pickWeights(files: readonly PickedFile[], install: InstallWeights): Promise<PickOutcome> {
  // Before reading any bytes: a Keras file is tens of megabytes the panel cannot use.
  if (files.some((f) => KERAS_FILE.test(f.name))) return { ok: false, message: KERAS_HINT };
  try {
    const bytes = new Map<string, Uint8Array>();
    for (const f of files) bytes.set(f.name, new Uint8Array(await f.arrayBuffer()));
    const { preset, layers } = await install(bytes);
    const name = preset === "full" ? "Full" : "Lite";
    return { ok: true, preset, message: `Loaded the ${name} weights (${layers} layers) from your files; Restyle uses them until it is closed.` };
  } catch (e) {
    // The engine's errors are written for the user; anything else is the browser failing to read a file.
    return { ok: false, message: isRestyleError(e) ? e.message : "The picked files could not be read; pick them again." };
  }
}

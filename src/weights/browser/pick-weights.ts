/**
 * "Load weights…": turns the files the user picked into the session's weights, and says what
 * happened in one sentence. Either a converted set (manifest.json plus its .bin shards, as written by
 * `npm run weights`; or the layers model's model.json plus its group shards) or a Keras .h5, which is
 * converted here with h5wasm (inlined in the Figma panel, beside the Photopea and standalone pages)
 * and explained where h5wasm cannot load.
 */
import { NETWORK_NAMES } from "../../shared/settings";
import { isRestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { convertKerasH5 } from "./convert-h5";
import { loadH5wasm, type H5wasm } from "./h5wasm-loader";

/** What a file input hands over (a DOM File); only the name and the bytes matter. */
export interface PickedFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type PickOutcome = { ok: true; preset: PresetName; message: string } | { ok: false; message: string };

const KERAS_FILE = /\.(h5|hdf5|keras)$/i;

export const KERAS_HINT =
  "This page cannot load its Keras .h5 converter; convert the file with `npm run weights -- --from FILE.h5` and pick the manifest.json and .bin files it writes.";

/** Checks and keeps the files (the engine's installWeights, or weights-cache's installPickedWeights). */
export type InstallWeights = (files: ReadonlyMap<string, Uint8Array>) => Promise<{ preset: PresetName; layers: number }>;

export interface PickOptions {
  /** h5wasm, or null where this page cannot load it (default: the script beside the page). */
  loadH5?: () => Promise<H5wasm | null>;
}

/** Reads the picked files and hands them to `install`, which checks them and keeps them for the session. */
export async function pickWeights(files: readonly PickedFile[], install: InstallWeights, opts: PickOptions = {}): Promise<PickOutcome> {
  const keras = files.find((f) => KERAS_FILE.test(f.name));
  try {
    let bytes: Map<string, Uint8Array>;
    if (keras) {
      // Before reading any bytes: tens of megabytes are no use where there is no converter.
      const h5 = await (opts.loadH5 ?? loadH5wasm)();
      if (!h5) return { ok: false, message: KERAS_HINT };
      bytes = new Map(await convertKerasH5(keras.name, new Uint8Array(await keras.arrayBuffer()), h5));
    } else {
      bytes = new Map();
      for (const f of files) bytes.set(f.name, new Uint8Array(await f.arrayBuffer()));
    }
    const { preset, layers } = await install(bytes);
    const name = NETWORK_NAMES[preset];
    const how = keras ? `converted ${keras.name}` : "your files";
    return { ok: true, preset, message: `Loaded the ${name} network (${layers} layers) from ${how}; Restyle uses them until it is closed.` };
  } catch (e) {
    // The engine's errors are written for the user; anything else is the browser failing to read a file.
    return { ok: false, message: isRestyleError(e) ? e.message : "The picked files could not be read; pick them again." };
  }
}

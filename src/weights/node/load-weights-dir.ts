/**
 * Node: weights from a converted directory (weights/lite, weights/full) written by `npm run weights`.
 * Every file is read with read-bounded-file: a regular file, at most the bytes the manifest declares
 * (+1), so a FIFO, a device or a link to /dev/zero fails at once, naming the file.
 */
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { loadWeights, type LoadWeightsOptions } from "../core/load-weights";
import { MANIFEST_FILE, type WeightsManifest } from "../core/manifest";
import { parseManifest } from "../core/parse-manifest";
import type { VggWeights } from "../../engine/vgg-weights";
import { printable } from "../../kit/printable";
import { fsErrorWords } from "../../kit/node/fs-error-words";
import { readBoundedFile } from "./read-bounded-file";

/** A manifest lists a few dozen tensors: far under this. */
const MAX_MANIFEST_BYTES = 1 << 20;

export async function readManifestFile(dir: string): Promise<WeightsManifest> {
  const file = join(dir, MANIFEST_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedFile(file, MAX_MANIFEST_BYTES, { what: "The weights manifest" });
  } catch (e) {
    if (e instanceof RestyleError) throw e;
    throw new RestyleError("weights-missing", `No weights in ${printable(dir)}; run \`restyle weights\` (offline: \`restyle weights --from DIR\` with a local copy; in a checkout: \`npm run weights\`).`, `${file}: ${fsErrorWords(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new RestyleError("weights-corrupt", `The weights manifest ${printable(file)} is not valid JSON; run \`restyle weights\` again (in a checkout: \`npm run weights\`).`, String(e));
  }
  return parseManifest(json);
}

export async function loadWeightsFromDir(dir: string, opts: LoadWeightsOptions = {}): Promise<VggWeights> {
  const manifest = await readManifestFile(dir);
  return loadWeights(
    manifest,
    async (path, ctx) => {
      const file = join(dir, path);
      try {
        return await readBoundedFile(file, ctx.expectedBytes, { what: "The weights file", signal: ctx.signal });
      } catch (e) {
        if (e instanceof RestyleError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          throw new RestyleError("weights-missing", `The weights file ${printable(path)} is missing from ${printable(dir)}; run \`npm run weights\` again.`, file);
        }
        if (code === "ABORT_ERR" || (e as Error).name === "AbortError") throw e;
        throw new RestyleError("weights-missing", `Cannot read the weights file ${printable(file)}: ${fsErrorWords(e)}.`, file);
      }
    },
    opts,
  );
}

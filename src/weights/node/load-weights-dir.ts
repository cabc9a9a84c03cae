/** Node: weights from a converted directory (weights/lite, weights/full) written by `npm run weights`. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { RestyleError } from "../../engine/errors";
import { loadWeights, type LoadWeightsOptions } from "../core/load-weights";
import { MANIFEST_FILE, type WeightsManifest } from "../core/manifest";
import { parseManifest } from "../core/parse-manifest";
import type { VggWeights } from "../../engine/vgg-weights";
import { messageOf } from "../../kit/message-of";

export async function readManifestFile(dir: string): Promise<WeightsManifest> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new RestyleError("weights-missing", `No weights in ${dir}; run \`npm run weights\` (or \`npm run weights -- --from ../shared/vgg19\` offline).`, `${file}: ${messageOf(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RestyleError("weights-corrupt", `The weights manifest ${file} is not valid JSON; run \`npm run weights\` again.`, messageOf(e));
  }
  return parseManifest(json);
}

export async function loadWeightsFromDir(dir: string, opts: LoadWeightsOptions = {}): Promise<VggWeights> {
  const manifest = await readManifestFile(dir);
  return loadWeights(
    manifest,
    async (path, ctx) => {
      try {
        const buf = await readFile(join(dir, path), { signal: ctx.signal });
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") {
          throw new RestyleError("weights-missing", `The weights file ${path} is missing from ${dir}; run \`npm run weights\` again.`, join(dir, path));
        }
        throw e;
      }
    },
    opts,
  );
}

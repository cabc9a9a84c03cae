/**
 * Makes sure a preset's converted weights exist (used by `npm run demo` and the CLI): present →
 * its folder; absent → a download and conversion (the pinned GitHub layers model, 52 MB, verified
 * against the shipped hash table; then the Keras .h5); that failing → a local copy
 * (RESTYLE_WEIGHTS_FROM, else the team's offline mirror ../shared/vgg19 beside the package);
 * nothing → a "weights-missing" error that names the offline command.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_WEIGHTS_DTYPE } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import type { PresetName } from "../../engine/types";
import { MANIFEST_FILE } from "../core/manifest";
import type { HttpFetch } from "./download";
import { PINNED_BASE_URL, type ShardHashTable } from "../core/pinned-source";
import { KERAS_MD5, KERAS_URL } from "../core/keras-source";
import { runWeightsTool } from "./run-weights";
import { messageOf } from "../../kit/message-of";

export interface EnsureOptions {
  log: (line: string) => void;
  /** Local sources tried, in order, when the download fails (a .h5 file or a raw per-layer folder). */
  localSources?: string[];
  /** Overrides for tests; the Keras file by default. */
  url?: string;
  /** The pinned layers model's folder, tried first; by default only when `url` is not overridden (tests stay offline). */
  githubUrl?: string;
  /** The hashes the pinned model's shards must match (tests; the shipped table by default). */
  table?: ShardHashTable;
  md5?: string;
  fetch?: HttpFetch;
}

export async function ensureWeights(preset: PresetName, outDir: string, opts: EnsureOptions): Promise<string> {
  const dir = join(outDir, preset);
  if (existsSync(join(dir, MANIFEST_FILE))) return dir;
  let why = "";
  const githubUrl = opts.githubUrl ?? (opts.url === undefined ? PINNED_BASE_URL : undefined);
  if (githubUrl) {
    opts.log(`No ${preset} weights in ${dir}; downloading the VGG19 weights (52 MB) from ${githubUrl} and converting them…`);
    try {
      await runWeightsTool({ source: "github", url: githubUrl, md5: KERAS_MD5, dtype: DEFAULT_WEIGHTS_DTYPE, out: outDir }, { log: opts.log, fetch: opts.fetch, table: opts.table });
    } catch (e) {
      why = messageOf(e);
      opts.log(why);
    }
    if (existsSync(join(dir, MANIFEST_FILE))) return dir;
  }
  opts.log(`No ${preset} weights in ${dir}; downloading the Keras VGG19 weights (about 80 MB) and converting them…`);
  try {
    await runWeightsTool({ url: opts.url ?? KERAS_URL, md5: opts.md5 ?? KERAS_MD5, dtype: DEFAULT_WEIGHTS_DTYPE, out: outDir }, { log: opts.log, fetch: opts.fetch });
  } catch (e) {
    why = messageOf(e);
    opts.log(why);
  }
  if (existsSync(join(dir, MANIFEST_FILE))) return dir;
  for (const from of (opts.localSources ?? []).filter((f) => existsSync(f))) {
    opts.log(`Converting the local copy at ${from} instead…`);
    try {
      await runWeightsTool({ from, url: KERAS_URL, md5: KERAS_MD5, dtype: DEFAULT_WEIGHTS_DTYPE, out: outDir }, { log: opts.log });
    } catch (e) {
      opts.log(messageOf(e));
    }
    if (existsSync(join(dir, MANIFEST_FILE))) return dir;
  }
  throw new RestyleError(
    "weights-missing",
    `The ${preset} weights are missing and could not be downloaded; run \`npm run weights -- --from DIR\` with a local copy (e.g. \`--from ../shared/vgg19\`, or the Keras .h5 file).`,
    why || `the source did not cover the ${preset} preset`,
  );
}

/**
 * Weights for a CLI run: an explicit --weights folder is loaded as it is; otherwise the package's
 * weights/<preset> (a clone after `npm run weights`); otherwise the user's cache, filled on first use
 * (src/weights/node/cached-weights.ts: RESTYLE_WEIGHTS_FROM, else the pinned download). A `restyle`
 * run never writes into the package (a failed or refused run must change no package file).
 * Only callers that opt in (`npm run demo`, made for a fresh clone) build weights/<preset> first.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PresetName } from "../engine/types";
import { MANIFEST_FILE } from "../weights/core/manifest";
import type { VggWeights } from "../engine/vgg-weights";
import { loadWeightsFromDir } from "../weights/node/load-weights-dir";
import { ensureCachedWeights } from "../weights/node/cached-weights";
import { ensureWeights } from "../weights/node/ensure";
import { createDownloadProgress } from "./download-progress";
import { findPackageRoot } from "./package-root";

export interface CliWeightsOptions {
  /** Build weights/<preset> in the package when absent (download, else a local copy). */
  build?: boolean;
  /** Where download progress is drawn (stderr by default). */
  progress?: { write(s: string): unknown; isTTY?: boolean } | null;
}

export async function loadCliWeights(
  preset: PresetName,
  explicitDir: string | undefined,
  log: (s: string) => void,
  opts: CliWeightsOptions = {},
): Promise<VggWeights> {
  if (explicitDir !== undefined) return loadWeightsFromDir(explicitDir);
  const root = findPackageRoot();
  const dir = join(root, "weights", preset);
  if (existsSync(join(dir, MANIFEST_FILE))) return loadWeightsFromDir(dir);
  if (opts.build) {
    // Offline machines: a local copy named by RESTYLE_WEIGHTS_FROM, or the team's mirror beside the checkout.
    const localSources = [process.env.RESTYLE_WEIGHTS_FROM, resolve(root, "../shared/vgg19")].filter((s): s is string => !!s);
    await ensureWeights(preset, join(root, "weights"), { log, localSources });
    return loadWeightsFromDir(dir);
  }
  const bar = opts.progress === null ? null : createDownloadProgress(opts.progress ?? process.stderr);
  try {
    return loadWeightsFromDir(await ensureCachedWeights(preset, { log: (s) => (bar?.done(), log(s)), onProgress: (p) => bar?.update(p) }));
  } finally {
    bar?.done();
  }
}

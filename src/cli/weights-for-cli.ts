/**
 * Weights for a CLI run: an explicit --weights folder is loaded as it is; otherwise the package's
 * weights/<preset>. A `restyle` run never writes into the package (a failed or refused run must
 * change no package file): when the folder is absent the error names the command that builds it.
 * Only callers that opt in (`npm run demo`, made for a fresh clone) build it first.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { RestyleError } from "../engine/errors";
import type { PresetName } from "../engine/types";
import { MANIFEST_FILE } from "../weights/core/manifest";
import type { VggWeights } from "../engine/vgg-weights";
import { loadWeightsFromDir } from "../weights/node/load-weights-dir";
import { ensureWeights } from "../weights/node/ensure";
import { findPackageRoot } from "./package-root";

export interface CliWeightsOptions {
  /** Build weights/<preset> in the package when absent (download, else a local copy). */
  build?: boolean;
}

export async function loadCliWeights(preset: PresetName, explicitDir: string | undefined, log: (s: string) => void, opts: CliWeightsOptions = {}): Promise<VggWeights> {
  if (explicitDir !== undefined) return loadWeightsFromDir(explicitDir);
  const root = findPackageRoot();
  const dir = join(root, "weights", preset);
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    if (!opts.build) {
      throw new RestyleError(
        "weights-missing",
        `The ${preset} weights are not installed (${dir}); run \`npm run weights\` to download and convert them (offline: \`npm run weights -- --from DIR\`), or pass --weights DIR.`,
        dir,
      );
    }
    // Offline machines: a local copy named by RESTYLE_WEIGHTS_FROM, or the team's mirror beside the checkout.
    const localSources = [process.env.RESTYLE_WEIGHTS_FROM, resolve(root, "../shared/vgg19")].filter((s): s is string => !!s);
    await ensureWeights(preset, join(root, "weights"), { log, localSources });
  }
  return loadWeightsFromDir(dir);
}

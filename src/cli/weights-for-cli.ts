/**
 * Weights for a CLI run: an explicit --weights folder is loaded as it is; the default folder
 * (weights/<preset> in the package) is fetched first if absent, and when nothing can be fetched
 * the error names the command that builds it from a local copy.
 */
import type { PresetName } from "../engine/types";
import type { VggWeights } from "../engine/weights/vgg-weights";
import { loadWeightsFromDir } from "../node/load-weights-dir";
import { ensureWeights } from "../weights-tool/ensure";
import { findPackageRoot } from "./package-root";
import { join, resolve } from "node:path";

export async function loadCliWeights(preset: PresetName, explicitDir: string | undefined, log: (s: string) => void): Promise<VggWeights> {
  if (explicitDir !== undefined) return loadWeightsFromDir(explicitDir);
  const root = findPackageRoot();
  // Offline machines: a local copy named by RESTYLE_WEIGHTS_FROM, or the team's mirror beside the checkout.
  const localSources = [process.env.RESTYLE_WEIGHTS_FROM, resolve(root, "../shared/vgg19")].filter((s): s is string => !!s);
  const dir = await ensureWeights(preset, join(root, "weights"), { log, localSources });
  return loadWeightsFromDir(dir);
}

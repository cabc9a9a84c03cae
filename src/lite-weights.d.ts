// Virtual module produced at build time by build/lite-weights.mjs (null when weights/lite is absent).
declare module "restyle:lite-weights" {
  import type { WeightsManifest } from "./weights/core/manifest";
  const bundle: { manifest: WeightsManifest; shards: Record<string, string> } | null;
  export default bundle;
}

// The engine as a library: `import { stylize, loadWeights } from "restyle"`.
export { stylize } from "./engine/stylize";
export { DEFAULT_OPTIONS, BOUNDS, PRESETS } from "./engine/defaults";
export { RestyleError, isRestyleError } from "./engine/errors";
export { VggWeights } from "./engine/weights/vgg-weights";
export type { WeightsManifest } from "./engine/weights/manifest";
export * from "./engine/types";

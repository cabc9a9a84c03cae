// The engine as a library: `import { stylize, loadWeightsFromUrl } from "restyle-nst"`.
// Browser bundles also `import "restyle-nst/register-gradients"` once; Node uses "restyle-nst/node".
export { stylize, runSizes } from "./engine/stylize";
export { DEFAULT_OPTIONS, BOUNDS, PRESETS, MAX_OUTPUT_SIDE } from "./engine/defaults";
export { RestyleError, isRestyleError, type RestyleErrorCode } from "./engine/errors";
export { strengthToRatio } from "./engine/strength";
export { gram } from "./engine/losses";
export { extractFeatures, createVgg19 } from "./engine/vgg19";
export { VGG19_LAYERS } from "./engine/layers";
export { randomVggWeights } from "./weights/core/random";
export * from "./weights/core/index";
export * from "./engine/types";

// Node-only helpers for library users: `import { useNodeBackend, loadWeightsFromDir } from "restyle-nst/node"`.
export { useNodeBackend, type NodeBackend } from "./backend";
export { loadWeightsFromDir } from "../weights/node/load-weights-dir";
export { loadCachedWeights, type CachedWeightsLoadOptions } from "./load-cached-weights";
export { weightsCacheDir } from "../weights/node/cache-dir";
export { loadWeightsFromFolder } from "../weights/node/load-folder";
export { decodeImage, encodeJpeg, encodePng, readImageFile, writeImageFile, writePngFile } from "./image-io";
export { atomicWrite } from "../kit/node/atomic-write";

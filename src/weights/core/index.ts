// The weights side of the engine: formats, checks and loaders that work in any host.
export type { WeightsManifest, WeightGroup, WeightEntry, WeightDtype } from "./manifest";
export { MANIFEST_FILE } from "./manifest";
export { VggWeights, type LayerWeights } from "../../engine/vgg-weights";
export { parseManifest } from "./parse-manifest";
export { loadWeights, type ShardReader, type ShardReadContext, type LoadWeightsOptions } from "./load-weights";
export { loadWeightsFromUrl, type LoadFromUrlOptions, type FetchLike } from "./load-from-url";
export { loadWeightsFromBundle, type WeightsBundle } from "./load-from-bundle";
export { sha256Hex } from "./sha256";
export { decodeBase64 } from "./base64";
export { loadWeightsFromFiles, manifestOfFiles, presetOfFiles, type LoadFromFilesOptions } from "./load-from-files";
export { gitBlobSha1Hex } from "./git-blob-sha1";
export { parseLayersModel, presetLayerNames } from "./parse-layers-model";
export { downloadLayersModel, type LayersModelDownloadOptions, type ShardStore } from "./download-layers-model";
export { PINNED_BASE_URL, PINNED_SHARDS, LAYERS_MODEL_FILE, type ShardHash, type ShardHashTable } from "./pinned-source";

// Browser bundles import this once: tfjs-core's ESM entry does not register gradient functions
// (the @tensorflow/tfjs union package does). Node gets them from @tensorflow/tfjs (src/node/backend.ts),
// because tfjs-core's per-file ESM sources cannot be loaded by Node directly.
import "@tensorflow/tfjs-core/dist/register_all_gradients";

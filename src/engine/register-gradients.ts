// tfjs-core's own entry does not register gradient functions (the @tensorflow/tfjs union package
// does); the engine differentiates through the network, so it registers them itself.
import "@tensorflow/tfjs-core/dist/register_all_gradients";

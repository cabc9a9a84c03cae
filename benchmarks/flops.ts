// The FLOP count lives with the engine (the panel's device classes price an evaluation with it).
export { iterationFlops } from "../src/engine/flops";

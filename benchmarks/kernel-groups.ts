/**
 * Which part of the work a tfjs kernel is, for the profile's table: the name alone is not enough
 * (a Mul may be the ReLU mask of the backward pass or an L-BFGS update), so the phase it ran in
 * decides first. Pure.
 */

/** Where a kernel ran: inside the objective (forward + backward + losses), in the optimiser around it, or elsewhere (targets, upsampling). */
export type KernelPhase = "objective" | "optimiser" | "setup";

export const KERNEL_GROUPS = ["conv forward", "conv input-gradient", "Gram", "pooling", "elementwise", "other", "L-BFGS matmul", "L-BFGS elementwise", "targets and setup"] as const;
export type KernelGroup = (typeof KERNEL_GROUPS)[number];

/** Elementwise and small reductions: the ReLU masks, the loss terms' arithmetic, reshapes and copies. */
const ELEMENTWISE = new Set([
  "Add", "AddN", "Sub", "Mul", "Multiply", "RealDiv", "Neg", "Square", "SquaredDifference", "Sqrt", "Abs", "Step", "Relu", "Maximum", "Minimum",
  "Greater", "GreaterEqual", "Less", "LessEqual", "LogicalAnd", "LogicalOr", "Select", "ClipByValue", "Cast", "Fill", "ZerosLike", "OnesLike",
  "Sum", "Max", "Mean", "Prod", "Reshape", "Identity", "Pack", "Concat", "Slice", "Reverse", "Pad", "PadV2", "Tile", "ExpandDims", "StridedSlice",
]);

const MATMULS = new Set(["BatchMatMul", "_FusedMatMul", "Transpose"]);

export function kernelGroup(name: string, phase: KernelPhase): KernelGroup {
  // The optimiser's own matmuls (the direction, a trial's products with the history) apart from its elementwise work.
  if (phase === "optimiser") return MATMULS.has(name) ? "L-BFGS matmul" : "L-BFGS elementwise";
  if (phase === "setup") return "targets and setup";
  // The network's forward convs carry bias + ReLU (fused); its input gradient is a plain conv with
  // the rotated kernel (or tfjs's transposed conv when the fast path is off).
  if (name === "FusedConv2D") return "conv forward";
  if (name === "Conv2D" || name === "Conv2DBackpropInput") return "conv input-gradient";
  // Inside the objective the only matmuls are the Gram matrices and their gradient (with the explicit transpose).
  if (MATMULS.has(name)) return "Gram";
  if (name === "MaxPool" || name === "MaxPoolGrad" || name === "AvgPool" || name === "AvgPoolGrad") return "pooling";
  if (ELEMENTWISE.has(name)) return "elementwise";
  return "other";
}


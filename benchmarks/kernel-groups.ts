/** Which part of an evaluation a tfjs kernel is, for the profile's table. Pure. */

export const KERNEL_GROUPS = ["conv forward", "conv input-gradient", "Gram", "pooling", "elementwise", "other"] as const;
export type KernelGroup = (typeof KERNEL_GROUPS)[number];

/** Elementwise and small reductions: the ReLU masks, the loss terms' arithmetic, reshapes and copies. */
const ELEMENTWISE = new Set([
  "Add",
  "AddN",
  "Sub",
  "Mul",
  "Multiply",
  "RealDiv",
  "Neg",
  "Square",
  "SquaredDifference",
  "Sqrt",
  "Abs",
  "Step",
  "Relu",
  "Maximum",
  "Minimum",
  "Greater",
  "GreaterEqual",
  "Less",
  "LessEqual",
  "LogicalAnd",
  "LogicalOr",
  "Select",
  "ClipByValue",
  "Cast",
  "Fill",
  "ZerosLike",
  "OnesLike",
  "Sum",
  "Max",
  "Mean",
  "Prod",
  "Reshape",
  "Identity",
  "Pack",
  "Concat",
  "Slice",
  "Reverse",
  "Pad",
  "PadV2",
  "Tile",
  "ExpandDims",
  "StridedSlice",
]);

const MATMULS = new Set(["BatchMatMul", "_FusedMatMul", "Transpose"]);

export function kernelGroup(name: string): KernelGroup {
  // The network's forward convs carry bias + ReLU (fused); its input gradient is a plain conv with
  // the rotated kernel (or tfjs's transposed conv on the cpu backend).
  if (name === "FusedConv2D") return "conv forward";
  if (name === "Conv2D" || name === "Conv2DBackpropInput") return "conv input-gradient";
  // Inside the objective the only matmuls are the Gram matrices and their gradient (with the explicit transpose).
  if (MATMULS.has(name)) return "Gram";
  if (name === "MaxPool" || name === "MaxPoolGrad" || name === "AvgPool" || name === "AvgPoolGrad") return "pooling";
  if (ELEMENTWISE.has(name)) return "elementwise";
  return "other";
}

import { describe, expect, it } from "vitest";
import { KERNEL_GROUPS, kernelGroup } from "../../benchmarks/kernel-groups";

describe("bench:profile's kernel groups", () => {
  it("tells the network's forward convs from its input-gradient convs by kernel", () => {
    expect(kernelGroup("FusedConv2D", "objective")).toBe("conv forward");
    expect(kernelGroup("Conv2D", "objective")).toBe("conv input-gradient");
    expect(kernelGroup("Conv2DBackpropInput", "objective")).toBe("conv input-gradient");
  });

  it("counts matmuls as Gram work inside the objective and as L-BFGS work outside it", () => {
    expect(kernelGroup("BatchMatMul", "objective")).toBe("Gram");
    expect(kernelGroup("Transpose", "objective")).toBe("Gram");
    expect(kernelGroup("BatchMatMul", "optimiser")).toBe("L-BFGS matmul");
    expect(kernelGroup("Multiply", "optimiser")).toBe("L-BFGS elementwise");
    expect(kernelGroup("FusedConv2D", "setup")).toBe("targets and setup");
  });

  it("puts the ReLU masks and loss arithmetic under elementwise, pools apart, and unknown kernels under other", () => {
    for (const k of ["Multiply", "Step", "SquaredDifference", "Mean", "Reverse", "Identity"]) expect(kernelGroup(k, "objective")).toBe("elementwise");
    expect(kernelGroup("MaxPoolGrad", "objective")).toBe("pooling");
    expect(kernelGroup("Einsum", "objective")).toBe("other");
    const every = ["FusedConv2D", "Conv2D", "BatchMatMul", "MaxPool", "Add", "Einsum"].flatMap((k) => (["objective", "optimiser", "setup"] as const).map((p) => kernelGroup(k, p)));
    expect(every.every((g) => (KERNEL_GROUPS as readonly string[]).includes(g))).toBe(true);
  });
});

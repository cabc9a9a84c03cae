import { describe, expect, it } from "vitest";
import { KERNEL_GROUPS, kernelGroup } from "../../benchmarks/kernel-groups";

describe("bench:profile's kernel groups", () => {
  it("tells the network's forward convs from its input-gradient convs by kernel", () => {
    expect(kernelGroup("FusedConv2D")).toBe("conv forward");
    expect(kernelGroup("Conv2D")).toBe("conv input-gradient");
    expect(kernelGroup("Conv2DBackpropInput")).toBe("conv input-gradient");
  });

  it("counts the objective's matmuls and their transposes as Gram work", () => {
    expect(kernelGroup("BatchMatMul")).toBe("Gram");
    expect(kernelGroup("Transpose")).toBe("Gram");
  });

  it("puts the ReLU masks and loss arithmetic under elementwise, pools apart, and unknown kernels under other", () => {
    for (const k of ["Multiply", "Step", "SquaredDifference", "Mean", "Reverse", "Identity"]) expect(kernelGroup(k)).toBe("elementwise");
    expect(kernelGroup("MaxPoolGrad")).toBe("pooling");
    expect(kernelGroup("Einsum")).toBe("other");
    const every = ["FusedConv2D", "Conv2D", "BatchMatMul", "MaxPool", "Add", "Einsum"].map((k) => kernelGroup(k));
    expect(every.every((g) => (KERNEL_GROUPS as readonly string[]).includes(g))).toBe(true);
  });
});

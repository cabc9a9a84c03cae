import { describe, expect, it } from "vitest";
import { formatGpuReport, GPU_FLAG_SETS, isSoftwareRenderer, type GpuBenchReport } from "../../benchmarks/gpu-bench";

describe("bench:gpu helpers (the GPU run itself needs an NVIDIA machine)", () => {
  it("tells software renderers from GPUs", () => {
    expect(isSoftwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (Mesa/X.org, llvmpipe (LLVM 15.0.6 256 bits), OpenGL ES 3.2)")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (NVIDIA, Vulkan 1.3.277 (NVIDIA H100 80GB HBM3 (0x00002330)), NVIDIA-550.54.15)")).toBe(false);
  });

  it("tries Vulkan first and ends with the browser's own default", () => {
    expect(GPU_FLAG_SETS[0].args).toContain("--use-angle=vulkan");
    expect(GPU_FLAG_SETS.some((s) => s.args.includes("--use-gl=egl"))).toBe(true);
    expect(GPU_FLAG_SETS[GPU_FLAG_SETS.length - 1].args).toEqual([]);
  });

  it("prints the ratio beside both timings", () => {
    const r = {
      date: "",
      gpu: "NVIDIA H200",
      chromium: "Chromium 156",
      flags: { name: "angle-vulkan", args: ["--use-angle=vulkan"] },
      probes: [],
      webgl: {
        info: { renderer: "ANGLE (NVIDIA…)", backend: "webgl" },
        rows: [{ size: 512, result: { medianMs: 120, peakGpuBytes: 300 * 2 ** 20, gpuBytesAllocated: 800 * 2 ** 20 } }],
      },
      webgpu: "WebGPU: adapter nvidia",
      torch: { rows: [{ size: 512, medianMs: 30 }], note: "torch 2.5" },
      ratios: [{ size: 512, webglMs: 120, torchMs: 30, ratio: 4 }],
      wallS: 200,
    } as unknown as GpuBenchReport;
    const text = formatGpuReport(r);
    expect(text).toMatch(/ 512 +120 +30 +4× +300 \(800\)/);
    expect(text).toContain("angle-vulkan");
  });
});

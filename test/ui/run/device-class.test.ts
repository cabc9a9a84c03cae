/** The device's class from what the browser says of its GPU, and the class's range priced by the FLOP model (device-class.ts). */
import { describe, expect, it } from "vitest";
import { iterationFlops } from "../../../src/engine/flops";
import { DEFAULT_SETTINGS } from "../../../src/shared/settings";
import { classCosts, classifyDevice, DEVICE_CLASSES, LITE_FLOPS_PER_PIXEL, type DeviceClassName } from "../../../src/ui/run/device-class";
import { panelEstimate } from "../../../src/ui/run/estimate";
import type { LayerInfo } from "../../../src/shared/layers";

const of = (renderer: string, cores = 8) => classifyDevice({ renderer, cores });

describe("the device's class", () => {
  it("reads the renderer string: software renderers first (they name the GPU they stand in for), then Apple, discrete, integrated", () => {
    const cases: Array<[string, DeviceClassName]> = [
      ["ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)", "software"],
      ["llvmpipe (LLVM 15.0.6, 256 bits)", "software"],
      ["ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)", "software"],
      ["ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)", "integrated"],
      ["ANGLE (Intel, Mesa Intel(R) Iris(R) Xe Graphics (TGL GT2), OpenGL 4.6)", "integrated"],
      ["ANGLE (AMD, AMD Radeon(TM) Graphics Direct3D11 vs_5_0 ps_5_0, D3D11)", "integrated"],
      ["Mali-G78", "integrated"],
      ["Adreno (TM) 650", "integrated"],
      ["ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)", "apple"],
      ["ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)", "discrete"],
      ["ANGLE (AMD, AMD Radeon RX 6700 XT Direct3D11 vs_5_0 ps_5_0, D3D11)", "discrete"],
      ["ANGLE (Intel, Intel(R) Arc(TM) A770 Graphics Direct3D11 vs_5_0 ps_5_0, D3D11)", "discrete"],
      ["WebKit WebGL", "unknown"],
      ["", "unknown"],
    ];
    for (const [renderer, want] of cases) expect([renderer, of(renderer)]).toEqual([renderer, want]);
  });

  it("prices an evaluation by the lite network's FLOPs per pixel over the class's throughput, fast end first", () => {
    expect(LITE_FLOPS_PER_PIXEL).toBeCloseTo(iterationFlops("lite", 128) / (128 * 128), 6);
    for (const name of Object.keys(DEVICE_CLASSES) as DeviceClassName[]) {
      const [fast, slow] = classCosts(name, 2);
      expect(fast.msPerPixel).toBeLessThan(slow.msPerPixel);
      expect(fast.setupMs).toBeLessThanOrEqual(slow.setupMs);
      expect(fast.fixedMs).toBeLessThanOrEqual(slow.fixedMs);
    }
    // Software at 2 cores (as measured), its fast end: 4 GFLOP/s for the lite network's 0.67 MFLOP per pixel.
    const [fast] = classCosts("software", 2);
    expect(fast.msPerPixel).toBeCloseTo(LITE_FLOPS_PER_PIXEL / 4e6, 12);
    // Twice the cores: twice the throughput; a GPU's class does not follow the cores.
    expect(classCosts("software", 4)[0].msPerPixel).toBeCloseTo(fast.msPerPixel / 2, 12);
    expect(classCosts("discrete", 4)).toEqual(classCosts("discrete", 32));
    // Unknown cores: as measured.
    expect(classCosts("software", 0)).toEqual(classCosts("software", 2));
  });

  it("gives a range that holds a faster class's below a slower one's, for the same run", () => {
    const layer = { id: "a", name: "a", width: 512, height: 384 } as LayerInfo;
    const range = (name: DeviceClassName) => {
      const [a, b] = classCosts(name, 4);
      return panelEstimate(
        {
          range: [
            { ...a, backend: "webgl" },
            { ...b, backend: "webgl" },
          ],
          measured: null,
        },
        DEFAULT_SETTINGS,
        [layer],
        1,
      )!;
    };
    const discrete = range("discrete");
    const integrated = range("integrated");
    const software = range("software");
    expect(discrete.lowMs).toBeLessThan(integrated.lowMs);
    expect(integrated.highMs).toBeLessThan(software.highMs);
    for (const r of [discrete, integrated, software]) expect(r.highMs / r.lowMs).toBeGreaterThan(2);
  });
});

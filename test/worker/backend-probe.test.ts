// The start-up probe on the cpu backend (Node): its pass leaves no tensor and gives the same
// numbers twice; the choice keeps WebGPU only when it ran, agreed with WebGL and was faster.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "../../src/engine/register-gradients";
import { describe, expect, it } from "vitest";
import { choose, probeGpuBackends, timePass } from "../../src/worker/backend-probe";
import { describeProbe, parseProbeResult } from "../../src/shared/probe-result";

describe("the WebGPU/WebGL probe", () => {
  it("times one pass with nothing left behind, the same numbers each time", async () => {
    await tf.setBackend("cpu");
    const before = tf.memory().numTensors;
    const a = await timePass();
    const b = await timePass();
    expect(tf.memory().numTensors).toBe(before);
    expect(a.ms).toBeGreaterThan(0);
    expect(a.signature).toHaveLength(3);
    expect(a.signature.every(Number.isFinite)).toBe(true);
    expect(b.signature).toEqual(a.signature);
  }, 60_000);

  it("keeps WebGPU only when it ran, agreed and was faster", () => {
    const sig = [1, 2, 3];
    expect(choose({ ms: 5, signature: sig }, { ms: 9, signature: sig })).toEqual({ webgpuMs: 5, webglMs: 9, picked: "webgpu" });
    expect(choose({ ms: 9, signature: sig }, { ms: 5, signature: sig })).toEqual({ webgpuMs: 9, webglMs: 5, picked: "webgl", reason: "WebGL was faster" });
    const wrong = choose({ ms: 1, signature: [1, 2, 3.1] }, { ms: 9, signature: sig });
    expect(wrong.picked).toBe("webgl");
    expect(wrong.reason).toMatch(/^WebGPU's gradient disagreed with WebGL's by 3\.3e-2$/);
    expect(choose(null, { ms: 9, signature: sig }, "WebGPU did not start")).toEqual({
      webgpuMs: null,
      webglMs: 9,
      picked: "webgl",
      reason: "WebGPU did not start",
    });
    // No WebGL to compare with: WebGPU beats the CPU.
    expect(choose({ ms: 9, signature: sig }, null).picked).toBe("webgpu");
  });

  it("falls back to WebGL when WebGPU does not start or throws", async () => {
    const cpu = async (name: string, ok: boolean) => ok && (await tf.setBackend("cpu")) && name !== "";
    const noGpu = await probeGpuBackends((n) => cpu(n, n !== "webgpu"), true);
    expect(noGpu).toMatchObject({ webgpuMs: null, picked: "webgl", reason: "WebGPU did not start" });
    expect(noGpu.webglMs).toBeGreaterThan(0);
    const throws = await probeGpuBackends(async (n) => {
      if (n === "webgpu") throw new Error("device request refused");
      return cpu(n, true);
    }, false);
    expect(throws).toEqual({ webgpuMs: null, webglMs: null, picked: "webgl", reason: "WebGPU failed: device request refused" });
  }, 60_000);

  it("reads the probe off the protocol and says it in one line", () => {
    expect(parseProbeResult({ webgpuMs: 12.3, webglMs: null, picked: "webgpu" })).toEqual({ webgpuMs: 12.3, webglMs: null, picked: "webgpu" });
    expect(parseProbeResult({ webgpuMs: "12", webglMs: null, picked: "webgpu" })).toBeNull();
    expect(parseProbeResult({ webgpuMs: -1, webglMs: null, picked: "webgpu" })).toBeNull();
    expect(describeProbe({ webgpuMs: 4.56, webglMs: 1089.4, picked: "webgpu" })).toBe("WebGPU 4.6 ms, WebGL 1089 ms: WebGPU");
    expect(describeProbe({ webgpuMs: null, webglMs: 20, picked: "webgl", reason: "WebGPU did not start" })).toBe(
      "WebGPU unavailable, WebGL 20 ms: WebGL (WebGPU did not start)",
    );
  });
});

/**
 * What the host is, so a ratio against PyTorch can be read: the CPU model, the widest SIMD it
 * reports, and a plain single-conv throughput probe on tfjs's side (torch_reference.py probe is
 * PyTorch's). A slow build or another host then shows instead of silently moving the ratio.
 */
import * as tf from "@tensorflow/tfjs-core";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

export interface CpuInfo {
  model: string;
  /** avx512f, avx2, avx, sse4_2, or what /proc/cpuinfo does not say ("unknown"). */
  simd: string;
}

/** Reads /proc/cpuinfo's first model name and flags (Linux); elsewhere the model only. */
export function cpuInfo(cpuinfo?: string): CpuInfo {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      text = "";
    }
  }
  const field = (name: string) =>
    text!
      .split("\n")
      .find((l) => l.split(":")[0].trim() === name)
      ?.split(":")
      .slice(1)
      .join(":")
      .trim();
  const flags = new Set((field("flags") ?? "").split(/\s+/));
  const simd = ["avx512f", "avx2", "avx", "sse4_2"].find((f) => flags.has(f)) ?? "unknown";
  return { model: field("model name") ?? cpus()[0]?.model ?? "", simd };
}

export interface ConvProbe {
  conv: string;
  gflops: number;
  backend: string;
}

/** One 3×3 64→64 conv forward at size × size on the active backend, best of 5 after 2 warm-ups. */
export async function convProbe(size: number): Promise<ConvProbe> {
  const x = tf.randomUniform([1, size, size, 64], 0, 100, "float32", 1) as tf.Tensor4D;
  const k = tf.randomNormal([3, 3, 64, 64], 0, 0.05, "float32", 2) as tf.Tensor4D;
  const times: number[] = [];
  try {
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const y = tf.conv2d(x, k, 1, "same");
      await y.data();
      y.dispose();
      times.push(performance.now() - t0);
    }
  } finally {
    tf.dispose([x, k]);
  }
  const flop = 2 * 9 * 64 * 64 * size * size;
  return { conv: `3x3 64->64 ${size}x${size}`, gflops: +(flop / (Math.min(...times.slice(2)) / 1000) / 1e9).toFixed(1), backend: tf.getBackend() };
}

/**
 * The PyTorch side of the side-by-side, run in this bench run when torch imports: both presets run
 * benchmarks/torch_reference.py (the engine's own loss; real weights where present).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { PresetName } from "../src/engine/types";
import { runJsonChild } from "./run-child";

export interface TorchRow {
  preset: PresetName;
  size: number;
  medianMs: number;
  impl: string;
}

export interface TorchEnv {
  python: string;
  version?: string;
  /** Why torch is not used, when it is not. */
  unavailable?: string;
}

/** Debian's python has torch; the pyenv python3 first on PATH does not. */
export function findTorch(): TorchEnv {
  const candidates = [process.env.RESTYLE_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string => !!p);
  let last = "";
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8", timeout: 60_000, env: torchEnv() });
    if (r.status === 0) return { python, version: r.stdout.trim() };
    last = (r.stderr || String(r.error ?? "")).trim().split("\n").pop() ?? "";
  }
  return { python: candidates[0] ?? "python3", unavailable: `python3 -c "import torch" failed (${last})` };
}

/** How long the time-to-quality reference may take: at 512 px and 300 evaluations it has taken 40 minutes. */
export const TORCH_QUALITY_TIMEOUT_MS = 6 * 3_600_000;

/** OpenBLAS 0.3.21 does not know this CPU and falls back to slow kernels without this (RESULTS.md). */
export function torchEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? "SKYLAKEX" };
}

interface TorchIterLine {
  size: number;
  median_ms: number;
  impl: string;
}

export async function runTorchIter(
  env: TorchEnv,
  root: string,
  preset: PresetName,
  sizes: number[],
  opts: { iters: number; timeoutMs: number; weightsRaw?: string },
): Promise<{ rows: TorchRow[]; error?: string }> {
  const cmd = [join(root, "benchmarks/torch_reference.py"), "iter", "--preset", preset, "--sizes", ...sizes.map(String), "--iters", String(opts.iters)];
  if (opts.weightsRaw) cmd.push("--weights", opts.weightsRaw);
  const r = await runJsonChild<TorchIterLine>(env.python, cmd, { timeoutMs: opts.timeoutMs, env: torchEnv() });
  const rows = (r.value ?? []).filter((l) => typeof l.median_ms === "number").map((l) => ({ preset, size: l.size, medianMs: l.median_ms, impl: l.impl }));
  return { rows, error: r.ok ? undefined : r.error };
}

export interface TorchProbe {
  conv: string;
  gflops: number;
  threads: number;
}

/** torch_reference.py probe: PyTorch's single-conv GFLOP/s on this host (null when it fails). */
export async function runTorchProbe(env: TorchEnv, root: string, size: number): Promise<TorchProbe | { error: string }> {
  const r = await runJsonChild<TorchProbe>(env.python, [join(root, "benchmarks/torch_reference.py"), "probe", "--size", String(size)], {
    timeoutMs: 300_000,
    env: torchEnv(),
  });
  const v = r.value?.[r.value.length - 1];
  return v ?? { error: r.error ?? "no output" };
}

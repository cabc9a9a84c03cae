/**
 * Wall time of every tfjs kernel on the active backend, by the label the caller sets before the
 * work (a scale and a phase), and of every device read. It re-registers each of the backend's
 * kernels with a timed wrapper, so it sees every kernel the engine dispatches. That time is real
 * only on a synchronous backend (wasm, cpu): on WebGL a kernel call only queues GPU work.
 * uninstall() puts the original kernels back.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { KernelPhase } from "./kernel-groups";

export interface KernelLabel {
  /** The scale index the work belongs to (-1: before the first). */
  scale: number;
  phase: KernelPhase;
}

export interface KernelTotal {
  scale: number;
  phase: KernelPhase;
  name: string;
  ms: number;
  calls: number;
}

export interface KernelTimer {
  /** What the kernels dispatched from now on are counted as. */
  label: KernelLabel;
  totals(): KernelTotal[];
  /** Time and count of device reads (data(), dataSync(): the backend's readSync) per scale. */
  reads(): Array<{ scale: number; ms: number; calls: number }>;
  uninstall(): void;
}

type ReadSync = { readSync(...args: unknown[]): unknown };

export function installKernelTimer(backendName: string = tf.getBackend()): KernelTimer {
  const table = new Map<string, KernelTotal>();
  const readTable = new Map<number, { scale: number; ms: number; calls: number }>();
  const timer: KernelTimer = {
    label: { scale: -1, phase: "setup" },
    totals: () => [...table.values()],
    reads: () => [...readTable.values()],
    uninstall,
  };
  const add = (name: string, ms: number) => {
    const { scale, phase } = timer.label;
    const key = `${scale}|${phase}|${name}`;
    const t = table.get(key) ?? { scale, phase, name, ms: 0, calls: 0 };
    t.ms += ms;
    t.calls++;
    table.set(key, t);
  };
  const addRead = (ms: number) => {
    const r = readTable.get(timer.label.scale) ?? { scale: timer.label.scale, ms: 0, calls: 0 };
    r.ms += ms;
    r.calls++;
    readTable.set(timer.label.scale, r);
  };

  let depth = 0;
  const originals = tf.getKernelsForBackend(backendName);
  for (const config of originals) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        // A kernel dispatched from inside another (through the engine) is the outer one's time.
        if (depth > 0) return inner(args);
        depth++;
        const t0 = performance.now();
        try {
          return inner(args);
        } finally {
          depth--;
          add(config.kernelName, performance.now() - t0);
        }
      },
    });
  }
  // Reads, on the backend instance itself (shadowing the prototype's method until uninstall).
  const backend = tf.findBackend(backendName) as unknown as ReadSync;
  const own = { readSync: backend.readSync };
  // wasm's and cpu's read() is their readSync(): timing that one counts each read once.
  backend.readSync = (...args) => {
    // A kernel that reads its input on the CPU: that read is already in the kernel's time.
    if (depth > 0) return own.readSync.apply(backend, args);
    const t0 = performance.now();
    try {
      return own.readSync.apply(backend, args);
    } finally {
      addRead(performance.now() - t0);
    }
  };

  function uninstall(): void {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel(config);
    }
    delete (backend as Partial<ReadSync>).readSync;
  }
  return timer;
}

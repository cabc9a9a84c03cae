/**
 * Test fixtures: small Keras-layout .h5 files written with h5wasm (same group/dataset names and
 * real VGG19 shapes as the published file, seeded random values), and scratch folders.
 */
import h5wasm from "h5wasm/node";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelShape, layerByName, VGG19_LAYERS } from "../../src/engine/layers";
import type { LayerArrays } from "../../src/weights/core/layer-source";

export type KerasNaming = "keras1" | "keras2";

/** Seeded values on the scale of real VGG weights (kernels ~±0.1, biases ~±1). */
export function seededLayer(layer: string, seed: number): LayerArrays {
  const l = layerByName(layer);
  let s = (seed * 2654435761) >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296 - 0.5;
  };
  const kernel = new Float32Array(kernelShape(l).reduce((a, b) => a * b, 1)).map(() => rnd() * 0.2);
  const bias = new Float32Array(l.outChannels).map(() => rnd() * 2);
  return { kernel, bias };
}

export interface H5Spec {
  layers: readonly string[];
  naming: KerasNaming;
  /** Change one layer's arrays before writing (wrong shapes, NaN …). */
  tamper?: (layer: string, a: LayerArrays) => Tampered;
}

/** Arrays to write, optionally under a different kernel shape than the layer's. */
export interface Tampered extends LayerArrays {
  kernelShape?: number[];
}

export async function writeKerasH5(path: string, spec: H5Spec): Promise<Map<string, LayerArrays>> {
  await h5wasm.ready;
  const written = new Map<string, LayerArrays>();
  const f = new h5wasm.File(path, "w");
  try {
    f.create_attribute("layer_names", spec.layers.map((n) => layerByName(n).keras));
    f.create_attribute("backend", "tensorflow");
    spec.layers.forEach((name, i) => {
      const l = layerByName(name);
      const a = seededLayer(name, i + 1);
      const t: Tampered = spec.tamper?.(name, a) ?? a;
      written.set(name, { kernel: t.kernel, bias: t.bias });
      const g = f.create_group(l.keras);
      const [wName, bName] =
        spec.naming === "keras1" ? [`${l.keras}_W_1:0`, `${l.keras}_b_1:0`] : [`${l.keras}/kernel:0`, `${l.keras}/bias:0`];
      g.create_attribute("weight_names", [wName, bName]);
      // Keras 2 nests the datasets one group deeper; h5wasm does not create intermediate groups.
      if (spec.naming === "keras2") g.create_group(l.keras);
      g.create_dataset({ name: wName, data: t.kernel, shape: t.kernelShape ?? kernelShape(l), dtype: "<f" });
      g.create_dataset({ name: bName, data: t.bias, shape: [t.bias.length], dtype: "<f" });
    });
  } finally {
    f.close();
  }
  return written;
}

export function liteLayers(): string[] {
  return VGG19_LAYERS.slice(0, 6).map((l) => l.name);
}

export function fullLayers(): string[] {
  return VGG19_LAYERS.slice(0, 13).map((l) => l.name);
}

export function scratch(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `restyle-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Everything under a folder, relative, sorted (to assert nothing half-written is left behind). */
export function listTree(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  let out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat([`${prefix}${n}/`], listTree(p, `${prefix}${n}/`));
    else out.push(prefix + n);
  }
  return out;
}

/**
 * Picks and starts a tfjs backend under Node: "cpu" (pure JS, always works) or "wasm" (XNNPACK,
 * SIMD, one thread under Node). The engine itself never chooses a backend.
 */
import * as tf from "@tensorflow/tfjs-core";
// The union package registers every gradient function on the shared tfjs-core engine (and the cpu backend).
import "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { RestyleError } from "../engine/errors";

export type NodeBackend = "cpu" | "wasm";

export async function useNodeBackend(name: NodeBackend): Promise<string> {
  // Production mode: no debug checks, and no "install tfjs-node" banner (it cannot install offline).
  tf.enableProdMode();
  if (name === "wasm") {
    const require = createRequire(import.meta.url);
    // The .wasm binaries ship inside the package; point the loader at them on disk.
    const dir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    setWasmPaths(dir + "/");
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new RestyleError("backend-unavailable", `The ${name} backend could not start.`, String(e));
  }
  if (!ok) throw new RestyleError("backend-unavailable", `The ${name} backend could not start.`);
  await tf.ready();
  return tf.getBackend();
}

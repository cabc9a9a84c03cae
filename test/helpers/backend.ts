/**
 * Engine tests pick their tfjs backend explicitly. `cpu` (pure JS) is the reference: maths checks
 * run there. Optimisation runs use `wasm` (XNNPACK, much faster), which also proves the wasm
 * backend covers every gradient the engine needs.
 */
import * as tf from "@tensorflow/tfjs-core";
import { useNodeBackend } from "../../src/node/backend";

export async function cpu(): Promise<typeof tf> {
  await useNodeBackend("cpu");
  return tf;
}

export async function wasm(): Promise<typeof tf> {
  await useNodeBackend("wasm");
  return tf;
}

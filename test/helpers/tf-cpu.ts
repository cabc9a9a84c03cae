/** Engine tests run on tfjs's cpu backend: deterministic, and present everywhere. */
import * as tf from "@tensorflow/tfjs-core";
import { useNodeBackend } from "../../src/node/backend";

export async function cpu(): Promise<typeof tf> {
  await useNodeBackend("cpu");
  return tf;
}

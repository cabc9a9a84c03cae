/**
 * Bundled into a test page by convert-h5.test.ts: "Load weights…" with a Keras .h5, through the
 * panel's pickWeights (h5wasm loaded from beside the page, as the Photopea and standalone pages do),
 * into the engine's checks (cpu backend). Reports what the panel said and the sha256 of every file.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { loadWeightsFromFiles } from "../../src/weights/core/load-from-files";
import { sha256Hex } from "../../src/weights/core/sha256";
import { pickWeights } from "../../src/weights/browser/pick-weights";

export interface H5PickReport {
  ok: boolean;
  message: string;
  /** File name → sha256 of what the engine was given. */
  files: Record<string, string>;
  manifest: unknown;
  leakedTensors: number;
}

async function run(url: string, name: string): Promise<H5PickReport> {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const file = new File([await (await fetch(url)).arrayBuffer()], name);
  const files: Record<string, string> = {};
  let manifest: unknown = null;
  const out = await pickWeights([file], async (set) => {
    for (const [n, b] of set) files[n] = await sha256Hex(b);
    manifest = JSON.parse(new TextDecoder().decode(set.get("manifest.json")));
    const w = await loadWeightsFromFiles(set);
    const r = { preset: (manifest as { preset: "lite" | "full" }).preset, layers: w.names.length };
    w.dispose();
    return r;
  });
  return { ...out, files, manifest, leakedTensors: tf.memory().numTensors - before };
}

declare global {
  interface Window {
    restyleConvertH5(url: string, name: string): Promise<H5PickReport>;
  }
}
window.restyleConvertH5 = run;

/**
 * tfjs's multi-threaded SIMD wasm binary under Node, for the benchmark only (never the product).
 * tfjs-backend-wasm turns threads off under Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false
 * whenever IS_NODE), and its own start gives Emscripten blob: URLs for the pthread worker and the
 * main script, which Node's Worker cannot load. Here the threaded Emscripten factory is started
 * by hand with file paths instead: the worker's source (tfjs ships it as a string) written to a
 * temporary file, the factory's own file as the script each worker imports. The result is handed
 * to tfjs's BackendWasm under the name "wasm", so the registered wasm kernels run on it.
 *
 * tfjs's C++ side also caps XNNPACK's pool at half the logical cores (it assumes two hardware
 * threads per core), so on a 2-core machine it runs one thread whatever is asked. `liftCap`
 * reports twice the cores to the module while it starts, so that the pool may take both.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs";
import { BackendWasm, getThreadsCount, setThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const THREADED = "tfjs-backend-wasm-threaded-simd";

/** The Emscripten module as tfjs's BackendWasm expects it (its `tfjs` bridge is added here, as tfjs's own start does). */
type EmscriptenModule = { cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number } & Record<string, unknown>;
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** Starts the threaded backend with `threads` XNNPACK threads (0: tfjs's default); returns the count it runs with. */
export async function useThreadedWasmInNode(threads: number, opts: { liftCap?: boolean } = {}): Promise<number> {
  tf.enableProdMode();
  const require = createRequire(import.meta.url);
  const factoryPath = require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${THREADED}.js`);
  const dir = dirname(factoryPath);
  const factory = require(factoryPath) as Factory;
  const { wasmWorkerContents } = require(join(dir, `${THREADED}.worker.js`)) as { wasmWorkerContents: string };
  const tmp = mkdtempSync(join(tmpdir(), "restyle-wasm-threads-"));
  const workerPath = join(tmp, `${THREADED}.worker.js`);
  // As tfjs does for its Blob: the string's "\n" escapes became real newlines when it was read as a template literal.
  writeFileSync(workerPath, wasmWorkerContents.replace(/\n/g, "\\n"));
  // Emscripten's emscripten_num_logical_cores() is os.cpus().length under Node, read as the module starts.
  const os = require("node:os") as { cpus: () => unknown[] };
  const cpus = os.cpus;
  if (opts.liftCap) os.cpus = () => [...cpus(), ...cpus()];
  let module: EmscriptenModule;
  try {
    module = await factory({
      locateFile: (path: string) => (path.endsWith(".worker.js") ? workerPath : path.endsWith(".wasm") ? join(dir, `${THREADED}.wasm`) : join(dir, path)),
      // Each pthread worker imports this file (Emscripten's Node worker reads it from disk and evaluates it).
      mainScriptUrlOrBlob: factoryPath,
    });
  } finally {
    os.cpus = cpus;
  }
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
  if (threads > 0) setThreadsCount(threads);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  tf.removeBackend("wasm");
  tf.registerBackend("wasm", () => new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]), 2);
  if (!(await tf.setBackend("wasm"))) throw new Error("the threaded wasm backend did not start");
  await tf.ready();
  return getThreadsCount();
}

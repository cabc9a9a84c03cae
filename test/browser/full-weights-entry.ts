/**
 * Bundled into a test page by full-weights.test.ts: the panel's Full download (fullWeightFilesFrom,
 * the page-side Cache Storage) against a local stand-in of the pinned host, with the test's own
 * hash table; then the engine's tensors from the file set (cpu backend, to count them).
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { isRestyleError } from "../../src/engine/errors";
import { loadWeightsFromFiles } from "../../src/weights/core/load-from-files";
import type { ShardHash } from "../../src/weights/core/pinned-source";
import { canKeepDownloadedWeights, forgetDownloadedWeights, fullDownloadNote, fullWeightFilesFrom } from "../../src/weights/browser/full-weights";
import { openShardCache } from "../../src/weights/browser/shard-cache";

export interface FullRunRequest {
  base: string;
  table: Array<[string, number, string]>;
  cache: boolean;
  stallMs?: number;
  /** Take WebCrypto away first (an iframe that is not a secure context has none). */
  noSubtle?: boolean;
}

export interface FullRunReport {
  ok: boolean;
  code?: string;
  message?: string;
  layers: string[];
  progress: number[];
  total: number;
  leakedTensors: number;
  ms: number;
  note: string;
}

async function run(req: FullRunRequest): Promise<FullRunReport> {
  await tf.setBackend("cpu");
  if (req.noSubtle) Object.defineProperty(globalThis.crypto, "subtle", { value: undefined, configurable: true });
  const table = new Map<string, ShardHash>(req.table.map(([path, bytes, gitSha1]) => [path, { path, bytes, gitSha1 }]));
  const progress: number[] = [];
  let total = 0;
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  const note = fullDownloadNote(await canKeepDownloadedWeights());
  try {
    const files = await fullWeightFilesFrom(
      { baseUrl: req.base, table, store: req.cache ? await openShardCache() : null, stallMs: req.stallMs },
      { onProgress: (n, t) => (progress.push(n), (total = t)) },
    );
    const w = await loadWeightsFromFiles(files, { shardTable: table });
    const layers = w.names;
    const ms = performance.now() - t0;
    w.dispose();
    return { ok: true, layers, progress, total, leakedTensors: tf.memory().numTensors - before, ms, note };
  } catch (e) {
    return {
      ok: false,
      code: isRestyleError(e) ? e.code : "other",
      message: e instanceof Error ? e.message : String(e),
      layers: [],
      progress,
      total,
      leakedTensors: tf.memory().numTensors - before,
      ms: performance.now() - t0,
      note,
    };
  }
}

declare global {
  interface Window {
    restyleFull(req: FullRunRequest): Promise<FullRunReport>;
    restyleForget(): Promise<void>;
  }
}
window.restyleFull = run;
window.restyleForget = forgetDownloadedWeights;

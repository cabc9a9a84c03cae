// `npm run bench`: JSON on stdout (or --json FILE), a readable table on stderr. With --worker it is one
// Node timing run in a child process (node-worker.ts). Bundled to dist/bench/bench.js by build.mjs (--only bench).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isRestyleError } from "../src/engine/errors";
import { BENCH_USAGE, parseBenchArgs } from "./bench-args";
import { formatTable } from "./report";
import { runBench } from "./run-bench";
import { runWorker, WORKER_FLAG, type WorkerRequest } from "./node-worker";
import { EXIT } from "../src/cli/exit-codes";
import { findPackageRoot } from "../src/cli/package-root";
import { RESOLUTION_WORKER_FLAG, runResolutionJob, type ResolutionJob, type TiledEvaluationAt } from "./resolution-section";
import { oneTiledEvaluationAt4096 } from "./resolution";

/** The 4096 px check: one tiled evaluation with the whole picture's state on the host, its peak measured. */
const tiledEvaluationAt: TiledEvaluationAt = async (_size, budgetMB) => {
  const r = await oneTiledEvaluationAt4096(budgetMB);
  return { seconds: r.seconds, peakBytes: r.peakBytes, tiles: r.grid[0] * r.grid[1] };
};

async function main(argv: string[]): Promise<number> {
  if (argv[0] === WORKER_FLAG) {
    const result = await runWorker(JSON.parse(argv[1]) as WorkerRequest);
    process.stdout.write(JSON.stringify(result) + "\n");
    return EXIT.ok;
  }
  const root = findPackageRoot();
  if (argv[0] === RESOLUTION_WORKER_FLAG) {
    const result = await runResolutionJob(root, JSON.parse(argv[1]) as ResolutionJob);
    process.stdout.write(JSON.stringify(result) + "\n");
    return EXIT.ok;
  }
  const settings = parseBenchArgs(argv, { shared: resolve(root, "../shared") });
  if (settings === "help") {
    process.stdout.write(BENCH_USAGE + "\n");
    return EXIT.ok;
  }
  const log = (s: string) => process.stderr.write(s + "\n");
  const report = await runBench(settings, { root, self: fileURLToPath(import.meta.url), log, tiledEvaluationAt });
  const json = JSON.stringify(report, null, 1);
  mkdirSync(settings.outDir, { recursive: true });
  writeFileSync(join(settings.outDir, "bench-latest.json"), json);
  if (settings.jsonFile) writeFileSync(settings.jsonFile, json);
  else process.stdout.write(json + "\n");
  process.stderr.write("\n" + formatTable(report) + "\n");
  return EXIT.ok;
}

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (e) {
  if (!isRestyleError(e)) throw e;
  process.stderr.write(`bench: ${e.message}\n`);
  code = e.code === "bad-options" ? EXIT.usage : EXIT.runFailed;
}
process.stdout.write("", () => process.exit(code));

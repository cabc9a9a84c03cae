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
import { RESOLUTION_WORKER_FLAG, runResolutionJob, type ResolutionJob } from "./resolution-section";

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
  const report = await runBench(settings, { root, self: fileURLToPath(import.meta.url), log });
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

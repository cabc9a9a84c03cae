/**
 * One Node timing run, in its own process so that each row's peak RSS is its own and a crash or
 * out-of-memory in one combination does not end the bench. The parent passes the request as
 * JSON after --worker; the result is the last line of stdout.
 */
import { presetLayers } from "../src/weights/core/preset-layers";
import { useNodeBackend, type NodeBackend } from "../src/node/backend";
import { randomVggWeights } from "../src/weights/core/random";
import { timeIterations, type TimingRequest, type TimingResult } from "./time-iterations";

export interface WorkerRequest extends TimingRequest {
  backend: NodeBackend;
}

export interface WorkerResult extends TimingResult {
  /** Peak resident set of the whole worker process (getrusage maxrss). */
  peakRssMB: number;
}

export const WORKER_FLAG = "--worker";

export async function runWorker(req: WorkerRequest): Promise<WorkerResult> {
  await useNodeBackend(req.backend);
  const weights = randomVggWeights(presetLayers(req.preset), 1);
  try {
    const r = await timeIterations(weights, req);
    return { ...r, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    weights.dispose();
  }
}

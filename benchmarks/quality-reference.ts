/** The time-to-quality references' output (torch_reference.py quality) → the rows the report shows. Pure. */
import type { TorchQualityRow } from "./report";
import type { ChildOutcome } from "./run-child";

export interface TorchQualityLine {
  method?: string;
  label?: string;
  evals: number;
  seconds: number;
  final_loss: number;
  initial_loss: number;
  best_loss: number;
  trace: Array<[number, number, number]>;
}

/**
 * The references' rows, or why there is no target: every reference asked for must have finished,
 * since a missing one (a timeout, a crash) would silently move the target to the weaker one.
 */
export function referenceRows(r: ChildOutcome<TorchQualityLine[]>, asked: readonly string[]): { lines: TorchQualityLine[]; torchRows: TorchQualityRow[] } | { error: string } {
  const lines = r.value ?? [];
  const done = lines.map((t) => t.method ?? "naive");
  const missing = asked.filter((m) => !done.includes(m));
  if (!r.ok || missing.length) {
    const finished = done.length ? ` (finished: ${done.join(", ")})` : "";
    return { error: `PyTorch reference ${missing.join(", ") || asked.join(", ")} did not finish: ${r.error ?? "no output"}${finished}; no target without it` };
  }
  const torchRows: TorchQualityRow[] = lines.map((t) => {
    const bestAt = t.trace.find(([, , l]) => l <= t.best_loss) ?? t.trace[t.trace.length - 1];
    return { method: t.method ?? "naive", label: t.label, evals: t.evals, seconds: t.seconds, finalLoss: t.final_loss, bestLoss: t.best_loss, initialLoss: t.initial_loss, bestAtEvals: bestAt[0], bestAtSeconds: bestAt[1] };
  });
  return { lines, torchRows };
}

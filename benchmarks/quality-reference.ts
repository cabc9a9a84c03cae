/** The time-to-quality reference's output (torch_reference.py quality) → the row the report shows. Pure. */
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

/** The reference's row and trace, or why there is no target: a run that did not finish sets none. */
export function referenceRow(r: ChildOutcome<TorchQualityLine[]>): { line: TorchQualityLine; row: TorchQualityRow } | { error: string } {
  const line = r.value?.[0];
  if (!r.ok || !line) return { error: `PyTorch reference did not finish: ${r.error ?? "no output"}; no target without it` };
  const bestAt = line.trace.find(([, , l]) => l <= line.best_loss) ?? line.trace[line.trace.length - 1];
  const row = {
    method: line.method ?? "wolfe",
    label: line.label,
    evals: line.evals,
    seconds: line.seconds,
    finalLoss: line.final_loss,
    bestLoss: line.best_loss,
    initialLoss: line.initial_loss,
    bestAtEvals: bestAt[0],
    bestAtSeconds: bestAt[1],
  };
  return { line, row };
}

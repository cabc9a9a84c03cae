/**
 * Ctrl-C, `kill` (SIGTERM) and a closed terminal (SIGHUP) end a run the same way: the first aborts
 * it cleanly (nothing is written, the temporary is removed), a second exits at once, after removing
 * this process's temporaries. Either way the exit status is 128 + the signal's number, as shells expect.
 */
import { constants } from "node:os";
import { removePendingTemporariesSync } from "../kit/node/temp-files";

export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface Interrupt {
  signal: AbortSignal;
  /** 128 + the first signal's number, once one came; undefined before. */
  exitCode(): number | undefined;
}

export function exitCodeForSignal(sig: NodeJS.Signals): number {
  return 128 + constants.signals[sig];
}

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let first: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals) => {
    if (first) {
      removePendingTemporariesSync();
      process.exit(exitCodeForSignal(sig));
    }
    first = sig;
    controller.abort();
  };
  for (const s of INTERRUPT_SIGNALS) process.on(s, handler);
  return { signal: controller.signal, exitCode: () => (first ? exitCodeForSignal(first) : undefined) };
}

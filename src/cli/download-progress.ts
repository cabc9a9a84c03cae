/**
 * Download progress on stderr, like the run's bar (progress-bar.ts): a redrawn bar with bytes, rate
 * and ETA on a terminal; a plain line every few seconds (and at the end) in a log.
 */
import { progressLine, type DownloadProgress } from "../weights/node/progress-line";
import { formatBar } from "./progress-bar";

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface DownloadProgressSink {
  update(p: DownloadProgress): void;
  /** Ends the bar's line so later output starts on a fresh line. */
  done(): void;
}

export function createDownloadProgress(stream: Stream, opts: { plainEveryMs?: number; now?: () => number } = {}): DownloadProgressSink {
  const now = opts.now ?? Date.now;
  const every = opts.plainEveryMs ?? 5000;
  let last = -Infinity;
  let drawn = false;
  const finished = (p: DownloadProgress) => p.total !== null && p.received >= p.total;
  return {
    update(p) {
      if (stream.isTTY) {
        const bar = p.total ? formatBar(p.received / p.total, 24) + " " : "";
        stream.write(`\r\x1b[2K${bar}${progressLine(p)}`);
        drawn = true;
      } else if (finished(p) || now() - last >= every) {
        stream.write(progressLine(p) + "\n");
        last = now();
      }
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}

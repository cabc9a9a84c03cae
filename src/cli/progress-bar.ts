/**
 * Progress on stderr: a redrawn one-line bar on a terminal, plain lines (throttled) when piped
 * to a file or CI log, where carriage returns would pile up into one unreadable line.
 */
import type { Progress } from "../engine/types";

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "--:--";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatLoss(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(3) : x.toFixed(3);
}

/** The facts of one progress report, without a bar: used for plain lines and after the bar. */
export function describeProgress(p: Progress): string {
  return [
    `iter ${p.iteration}/${p.totalIterations}`,
    // One scale (the default) needs no counter, only its size.
    p.scaleCount > 1 ? `scale ${p.scaleIndex + 1}/${p.scaleCount} (${p.width}×${p.height})` : `${p.width}×${p.height}`,
    ...(p.tileCount > 1 ? [`tile ${p.tileIndex + 1}/${p.tileCount}`] : []),
    `loss ${formatLoss(p.loss.total)}`,
    `ETA ${formatDuration(p.etaMs)}`,
  ].join("  ");
}

export function formatBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
}

/** One TTY line that fits `columns`: the bar shrinks first, the facts stay. */
export function formatProgressLine(p: Progress, columns: number): string {
  const facts = describeProgress(p);
  const pct = `${String(Math.floor((100 * p.iteration) / Math.max(1, p.totalIterations))).padStart(3)}%`;
  const barWidth = Math.max(0, Math.min(30, columns - facts.length - pct.length - 4));
  const line = barWidth >= 5 ? `${formatBar(p.iteration / p.totalIterations, barWidth)} ${pct}  ${facts}` : `${pct}  ${facts}`;
  return line.slice(0, Math.max(10, columns - 1));
}

export interface ProgressSink {
  update(p: Progress): void;
  /** Ends the bar's line so later output starts on a fresh line. */
  done(): void;
}

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** `plainEveryMs`: at most one plain line per this interval (the last iteration is always printed). */
export function createProgressSink(stream: Stream, opts: { plainEveryMs?: number; now?: () => number } = {}): ProgressSink {
  const now = opts.now ?? Date.now;
  const every = opts.plainEveryMs ?? 5000;
  let last = -Infinity;
  let drawn = false;
  if (stream.isTTY) {
    return {
      update(p) {
        stream.write("\r\x1b[2K" + formatProgressLine(p, stream.columns ?? 80));
        drawn = true;
      },
      done() {
        if (drawn) stream.write("\n");
        drawn = false;
      },
    };
  }
  return {
    update(p) {
      const t = now();
      if (p.iteration === p.totalIterations || p.iteration === 1 || t - last >= every) {
        stream.write(describeProgress(p) + "\n");
        last = t;
      }
    },
    done() {},
  };
}

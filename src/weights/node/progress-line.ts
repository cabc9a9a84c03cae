/** One line of download progress: bytes, rate and time left. Pure, so it is testable. */
export interface DownloadProgress {
  /** Bytes on disk so far, including a resumed part. */
  received: number;
  /** Full size, when the server said it. */
  total: number | null;
  /** Bytes fetched in this run and the time it took (the rate ignores a resumed part). */
  fetched: number;
  elapsedMs: number;
}

export function progressLine(p: DownloadProgress): string {
  const rate = p.elapsedMs > 0 ? (p.fetched / p.elapsedMs) * 1000 : 0;
  const size = p.total ? `${mb(p.received)} / ${mb(p.total)} MB (${Math.floor((100 * p.received) / p.total)}%)` : `${mb(p.received)} MB`;
  const eta = p.total && rate > 0 ? `ETA ${duration((p.total - p.received) / rate)}` : "ETA --";
  return `${size}  ${mb(rate)} MB/s  ${eta}`;
}

function mb(n: number): string {
  return (n / 1e6).toFixed(1);
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return "--";
  const t = Math.max(0, Math.round(s));
  return t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s` : `${t}s`;
}

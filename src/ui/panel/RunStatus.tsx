/** Progress bar, the large live preview, time left, and what happened, in plain words. */
import type { Progress, RgbaImage } from "../../engine/types";
import { etaAt, etaWords, scaleWords } from "../run/progress-words";
import { useNow } from "./use-now";
import type { BatchProgress, Stage } from "../run/run-job";
import type { EtaView } from "../run/run-eta";
import { Compare } from "./Compare";

export type Status =
  | { kind: "idle" }
  | {
      kind: "running";
      stage: Stage;
      detail?: string;
      progress?: Progress;
      batch?: BatchProgress;
      /** The time left at the run's own pace, and whether that pace fell (the computer is busy). */
      eta?: EtaView;
      /** The content being restyled: its place in the batch, and its pixels once exported (for comparing). */
      layer?: { index: number; count: number; name: string; original?: RgbaImage };
    }
  | { kind: "done"; message: string; image?: RgbaImage; original?: RgbaImage }
  | { kind: "review" }
  | { kind: "cancelled"; message: string }
  | { kind: "error"; message: string };

const STAGE_TEXT: Record<Stage, string> = {
  exporting: "Exporting the layers…",
  weights: "Loading the network…",
  stylizing: "Restyling…",
  placing: "Adding the results…",
};

/** "Layer 2 of 5 · " in a batch, nothing for a single layer. */
export function layerOf(layer?: { index: number; count: number }): string {
  return layer && layer.count > 1 ? `Layer ${layer.index + 1} of ${layer.count} · ` : "";
}

type Running = Extract<Status, { kind: "running" }>;

/** A running status in words: the line ("Restyling… Detail 1024 px · 12/30"), the time left (at the run's own pace), and the part done (0–1). */
export function runningWords(status: Running, now = performance.now()): { line: string; eta: EtaView; fraction?: number } {
  const p = status.progress;
  const stylizing = !!p && status.stage === "stylizing";
  const reckoned = stylizing ? (status.eta ?? { ms: status.batch ? status.batch.etaMs : p.etaMs, slower: false }) : { ms: Number.NaN, slower: false };
  const eta = { ms: etaAt(reckoned, now), slower: reckoned.slower };
  const counts = stylizing ? [scaleWords(p), `${p.iteration}/${p.totalIterations}`].filter(Boolean).join(" · ") : "";
  return {
    line: [`${layerOf(status.layer)}${STAGE_TEXT[status.stage]}`, status.detail, counts].filter(Boolean).join(" "),
    eta,
    fraction: stylizing ? p.iteration / p.totalIterations : undefined,
  };
}

/** `elsewhere`: the host shows the run (progress, preview) and the result in a place of its own (Host.showRun); the panel keeps its messages. */
export function RunStatus({ status, elsewhere = false }: { status: Status; elsewhere?: boolean }) {
  // The time left counts down between reports (a read once a second; none while idle).
  const now = useNow(status.kind === "running");
  if (status.kind === "idle" || status.kind === "review") return null;
  if (status.kind === "error") {
    return (
      <p class="message error" role="alert">
        {status.message}
      </p>
    );
  }
  if (status.kind === "cancelled") return <p class="message">{status.message}</p>;
  if (status.kind === "done") {
    return (
      <div class="status">
        <p class="message done">{status.message}</p>
        {elsewhere ? null : <Compare image={status.image} original={status.original} label="Result" />}
      </div>
    );
  }

  if (elsewhere) return null;
  const p = status.progress;
  const { line, eta, fraction } = runningWords(status, now);
  return (
    <div class="status" aria-live="polite">
      <div class="status-line">
        <span data-status="line">{line}</span>
        <span class="eta" aria-live="off" data-eta-ms={Number.isFinite(eta.ms) ? Math.round(eta.ms) : undefined} data-slower={eta.slower ? "true" : undefined}>
          {etaWords(eta)}
        </span>
      </div>
      <progress
        max={1}
        value={fraction}
        data-iteration={p?.iteration ?? 0}
        data-scale={p?.scaleIndex ?? 0}
        data-tile={p?.tileIndex ?? 0}
        data-layer={status.layer?.index ?? 0}
      />
      <Compare image={status.stage === "stylizing" ? (p?.preview ?? undefined) : undefined} original={status.layer?.original} label="Live preview" />
    </div>
  );
}

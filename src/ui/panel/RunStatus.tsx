/** Progress bar, live preview, time left, and what happened, in plain words. */
import { useEffect, useRef } from "preact/hooks";
import type { Progress, RgbaImage } from "../../engine/types";
import { drawInto } from "../run/png-codec";
import { formatTimeLeft } from "../run/plan";
import type { Stage } from "../run/run-job";

export type Status =
  | { kind: "idle" }
  | { kind: "running"; stage: Stage; detail?: string; progress?: Progress }
  | { kind: "done"; message: string; image?: RgbaImage }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

const STAGE_TEXT: Record<Stage, string> = {
  exporting: "Exporting the layers…",
  weights: "Loading the network…",
  stylizing: "Restyling…",
  placing: "Adding the result…",
};

export function RunStatus({ status }: { status: Status }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const preview = status.kind === "running" ? status.progress?.preview : status.kind === "done" ? status.image : undefined;
  useEffect(() => {
    if (preview && canvas.current) drawInto(canvas.current, preview);
  }, [preview]);

  if (status.kind === "idle") return null;
  if (status.kind === "error") {
    return (
      <p class="message error" role="alert">
        {status.message}
      </p>
    );
  }
  if (status.kind === "cancelled") return <p class="message">Cancelled. Nothing was added to the document.</p>;
  if (status.kind === "done") {
    return (
      <div class="status">
        <p class="message done">{status.message}</p>
        <canvas ref={canvas} class={preview ? "preview" : "preview empty"} aria-label="Result" />
      </div>
    );
  }

  const p = status.progress;
  const fraction = p && status.stage === "stylizing" ? p.iteration / p.totalIterations : undefined;
  return (
    <div class="status" aria-live="polite">
      <div class="status-line">
        <span>
          {STAGE_TEXT[status.stage]} {status.detail ?? ""}
          {p && status.stage === "stylizing" ? ` ${p.iteration}/${p.totalIterations}` : ""}
        </span>
        <span class="eta">{p && status.stage === "stylizing" ? formatTimeLeft(p.etaMs) : ""}</span>
      </div>
      <progress max={1} value={fraction} data-iteration={p?.iteration ?? 0} data-scale={p?.scaleIndex ?? 0} />
      <canvas ref={canvas} class={preview ? "preview" : "preview empty"} aria-label="Live preview" />
    </div>
  );
}

/**
 * The run in the standalone page's Result column, from the click on Run: the live preview (the whole
 * picture, redrawn at each preview the engine sends), the progress bar, and the panel's own words for
 * where the run stands and the time left (Host.showRun hands them over).
 */
import { useEffect, useRef } from "preact/hooks";
import type { ShownRun } from "./hosts/shown-run";
import { useObjectUrl } from "./panel/use-object-url";
import { drawInto } from "./run/png-codec";

type Running = Extract<ShownRun, { phase: "running" }>;

/** `placeholder`: the picked content file, shown until the run has the content's pixels or a preview. */
export function RunView({ run, placeholder }: { run: Running; placeholder?: Blob }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const shown = run.preview ?? run.original;
  useEffect(() => {
    if (shown && canvas.current) drawInto(canvas.current, shown);
  }, [shown]);
  const placeholderUrl = useObjectUrl(shown ? undefined : placeholder);
  const name = run.name ?? "the content";
  const label = run.preview ? `Live preview of ${name}, at ${run.iteration} of ${run.totalIterations} steps` : `${name}, before the first preview`;
  const percent = run.fraction === undefined ? undefined : Math.round(run.fraction * 100);
  return (
    <div class="run-view" data-preview={run.preview ? "live" : shown ? "original" : "none"} data-iteration={run.iteration}>
      <div class="run-picture" style={shown ? { aspectRatio: `${shown.width} / ${shown.height}` } : undefined}>
        <canvas ref={canvas} class={run.preview ? "run-preview" : "run-preview waiting"} role="img" aria-label={label} hidden={!shown} />
        {!shown && placeholderUrl ? <img class="run-preview waiting" src={placeholderUrl} alt={`${name}, before the first preview`} /> : null}
      </div>
      <progress
        class="run-progress"
        max={1}
        value={run.fraction}
        aria-label="Progress of the run"
        aria-valuetext={percent === undefined ? "Starting" : `${percent} percent${run.eta ? `, ${run.eta}` : ""}`}
      />
      <p class="run-line">
        {/* Announced when it changes: where the run stands, in the panel's words. */}
        <span class="run-words" role="status" aria-live="polite" data-run="line">
          {run.line}
        </span>
        <span class="run-eta" data-run="eta">
          {run.eta}
        </span>
      </p>
    </div>
  );
}

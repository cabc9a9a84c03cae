/**
 * The standalone page's Result column: the run while it goes (app-run-view.tsx), then the results,
 * each with a before/after slider and Download. The result is shown here only: the panel leaves its
 * own preview and result out on this page (Host.showRun).
 */
import { useState } from "preact/hooks";
import type { PickedFile, ShownResult, StandaloneHost } from "./hosts/standalone";
import type { ShownRun } from "./hosts/shown-run";
import { useObjectUrl } from "./panel/use-object-url";
import { RunView } from "./app-run-view";

/**
 * The content under the result, revealed by a range input: 0 shows the content, 1 the result (the
 * page's wide before/after; the panel's own Compare swaps the pictures while pressed).
 */
function BeforeAfter({ result }: { result: ShownResult }) {
  const [pos, setPos] = useState(0.5);
  const before = useObjectUrl(result.content?.blob);
  const after = useObjectUrl(result.png);
  return (
    <div class="ba" style={{ "--pos": `${pos * 100}%`, aspectRatio: `${result.width} / ${result.height}` }} data-pos={pos}>
      {before ? <img class="ba-before" src={before} alt={`Before: ${result.content?.name ?? ""}`} /> : null}
      {after ? <img class="ba-after" src={after} alt={`After: ${result.name}`} /> : null}
      <div class="ba-line" aria-hidden="true" />
      {pos > 0.12 ? (
        <span class="ba-tag ba-tag-after" aria-hidden="true">
          Result
        </span>
      ) : null}
      {pos < 0.88 && before ? (
        <span class="ba-tag ba-tag-before" aria-hidden="true">
          Original
        </span>
      ) : null}
      <input
        class="ba-range"
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={pos}
        aria-label="Before and after: 0 shows the original, 1 the result"
        disabled={!before}
        onInput={(e) => setPos(Number(e.currentTarget.value))}
      />
    </div>
  );
}

function ResultCard({ result, host }: { result: ShownResult; host: StandaloneHost }) {
  return (
    <li class="result" data-id={result.id}>
      <BeforeAfter result={result} />
      <div class="result-caption">
        {/* The whole name, wrapped where it must: it is also the download's file name. */}
        <span class="result-name" title={result.name}>
          {result.name}
        </span>
        <span class="pick-size">
          {result.width}×{result.height}
        </span>
        <button type="button" class="download" aria-label={`Download ${result.fileName}`} onClick={() => host.download(result.id)}>
          Download
        </button>
      </div>
    </li>
  );
}

interface ResultZoneProps {
  host: StandaloneHost;
  results: readonly ShownResult[];
  run: ShownRun;
  /** The picked contents: the one being painted stands in until the run has pixels to show. */
  contents: readonly PickedFile[];
}

export function ResultZone({ host, results, run, contents }: ResultZoneProps) {
  const running = run.phase === "running";
  const painted = running ? (contents.find((c) => c.name === run.name) ?? contents[0]) : undefined;
  return (
    <section class={`drop result-zone${results.length || running ? " filled" : ""}`} data-role="result" aria-label="Result" aria-busy={running}>
      <div class="drop-head">
        <h2 class="drop-title">{running ? "Result (painting…)" : "Result"}</h2>
        {results.length > 1 && !running ? (
          <button type="button" class="download-all" onClick={() => host.download()}>
            Download all ({results.length})
          </button>
        ) : null}
      </div>
      {running ? (
        <RunView run={run} placeholder={painted?.blob} />
      ) : results.length ? (
        <ul class={`results${results.length === 1 ? " one" : ""}`}>
          {results.map((r) => (
            <ResultCard key={r.id} result={r} host={host} />
          ))}
        </ul>
      ) : (
        <p class="drop-hint">The result appears here, with a slider to compare it with the original. Each PNG you download keeps its settings.</p>
      )}
    </section>
  );
}

// Standalone page (dist/app/index.html): drop zones with previews for the content(s) and style(s),
// the result with a before/after slider and Download, and the shared panel beside them.
// Nothing leaves the browser.
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS } from "../shared/layers";
import { localStorageOrNull } from "./hosts/local-settings";
import { StandaloneHost, type FileRole, type PageState, type PickedFile, type ShownResult } from "./hosts/standalone";
import { mountPanel } from "./mount";
import { useObjectUrl } from "./panel/use-object-url";
// After the panel's styles (through ./mount), in the order they override one another.
import "./app-page.css";
import "./app-before-after.css";
import "./app-page-widths.css";

type Notice = { message: string; isError: boolean } | null;
let showNotice: (n: Notice) => void = () => undefined;

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/bmp";

function RecallBadge({ file, host }: { file: PickedFile; host: StandaloneHost }) {
  const rec = file.record;
  if (!rec) return null;
  const p = rec.params;
  const recall = host.choice().recall;
  const missing = (recall?.goneStyles ?? []).map((i) => p.styleNames[i]);
  return (
    <p class="drop-recall" data-recall={JSON.stringify(p)}>
      A Restyle result: strength {p.strength.toFixed(2)}, {p.preset}, seed {p.seed}, from “{p.contentName}” in the style of{" "}
      {p.styleNames.map((n) => `“${n}”`).join(" + ")}. Its settings are in the panel: Run paints this image again with them; to redo it from the original, drop
      “{p.contentName}” instead.
      {missing.length ? <span class="drop-recall-missing"> Not loaded: {missing.map((n) => `“${n}”`).join(", ")}.</span> : null}
    </p>
  );
}

function Preview({ file, host, single }: { file: PickedFile; host: StandaloneHost; single: boolean }) {
  const url = useObjectUrl(file.blob);
  return (
    <li class={`pick${single ? " single" : ""}`} data-id={file.id}>
      <div class="pick-image">{url ? <img src={url} alt={file.name} /> : null}</div>
      <div class="pick-caption">
        <span class="pick-name" title={file.name}>
          {file.name}
        </span>
        <span class="pick-size">
          {file.width}×{file.height}
        </span>
        <button type="button" class="pick-remove" aria-label={`Remove ${file.name}`} title="Remove" onClick={() => host.remove(file.id)}>
          ×
        </button>
      </div>
    </li>
  );
}

function DropZone({ host, role, files }: { host: StandaloneHost; role: FileRole; files: readonly PickedFile[] }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const isContent = role === "content";
  const max = isContent ? MAX_CONTENT_LAYERS : MAX_STYLE_LAYERS;
  const take = async (list: FileList | null) => {
    if (!list?.length) return;
    showNotice(null);
    const problems = await host.addFiles(role, list);
    if (!problems.length) showNotice({ message: `${isContent ? "Content" : "Style"} ${list.length > 1 ? "images" : "image"} ready.`, isError: false });
  };
  const title = isContent ? "Content" : "Style";
  return (
    <section
      class={`drop${over ? " over" : ""}${files.length ? " filled" : ""}`}
      data-role={role}
      aria-label={`${title} images`}
      onDragOver={(e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer?.files ?? null);
      }}
      // A click on the zone's empty area picks files too; its buttons handle their own clicks.
      onClick={(e) => {
        if (!(e.target as HTMLElement).closest("button, input, .pick")) input.current?.click();
      }}
    >
      <div class="drop-head">
        <h2 class="drop-title">{title}</h2>
        <button type="button" class="drop-pick" onClick={() => input.current?.click()}>
          {files.length ? "Replace…" : "Choose…"}
        </button>
      </div>
      {files.length ? (
        <ul class={`picks${files.length === 1 ? " one" : ""}`}>
          {files.map((f) => (
            <Preview key={f.id} file={f} host={host} single={files.length === 1} />
          ))}
        </ul>
      ) : (
        <p class="drop-hint">
          Drop {isContent ? `an image (up to ${max} for a batch)` : `one to ${max} images`} here, or choose {isContent ? "files" : "them"}.
          {isContent ? " A PNG saved by Restyle brings back its settings." : " Or pick a built-in painting in the panel."}
        </p>
      )}
      {isContent && files.length === 1 ? <RecallBadge file={files[0]} host={host} /> : null}
      <input
        ref={input}
        id={`${role}-file`}
        class="drop-input"
        type="file"
        accept={ACCEPT}
        multiple
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const el = e.currentTarget;
          void take(el.files).then(() => (el.value = ""));
        }}
      />
    </section>
  );
}

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
        <span class="result-name" title={result.fileName}>
          {result.name}
        </span>
        <span class="pick-size">
          {result.width}×{result.height}
        </span>
        <button type="button" class="download" onClick={() => host.download(result.id)}>
          Download
        </button>
      </div>
    </li>
  );
}

function ResultZone({ host, results }: { host: StandaloneHost; results: readonly ShownResult[] }) {
  return (
    <section class={`drop result-zone${results.length ? " filled" : ""}`} data-role="result" aria-label="Result">
      <div class="drop-head">
        <h2 class="drop-title">Result</h2>
        {results.length > 1 ? (
          <button type="button" class="download-all" onClick={() => host.download()}>
            Download all ({results.length})
          </button>
        ) : null}
      </div>
      {results.length ? (
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

function Stage({ host }: { host: StandaloneHost }) {
  const [state, setState] = useState<PageState>(host.pageState());
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => {
    showNotice = setNotice;
    return host.watchPage(setState);
  }, [host]);
  return (
    <div class="stage">
      <header class="page-head">
        <h1>Restyle</h1>
        <p class="page-sub">Paint an image in the style of another, on your own GPU. Nothing is uploaded.</p>
      </header>
      <div class="zones">
        <DropZone host={host} role="content" files={state.contents} />
        <DropZone host={host} role="style" files={state.styles} />
        <ResultZone host={host} results={state.results} />
      </div>
      <p class={`notice${notice?.isError ? " error" : ""}`} role="status" aria-live="polite" data-error={notice?.isError ? "true" : "false"}>
        {notice?.message ?? ""}
      </p>
    </div>
  );
}

// build.mjs calls startPanel (the engine is a separate bundle, started by the panel: run/engine.ts).
export function startPanel(): void {
  const host = new StandaloneHost({ storage: localStorageOrNull(), onNotify: (message, isError) => showNotice({ message, isError }) });
  const root = document.getElementById("app") ?? document.body;
  root.classList.add("app-page");
  const stageEl = document.createElement("div");
  stageEl.className = "stage-wrap";
  const panelEl = document.createElement("aside");
  panelEl.id = "panel";
  panelEl.setAttribute("aria-label", "Restyle settings");
  root.append(stageEl, panelEl);
  // A file dropped beside the zones would otherwise make the browser open it in place of the page (and lose the work).
  for (const type of ["dragover", "drop"]) window.addEventListener(type, (e) => e.preventDefault());
  render(<Stage host={host} />, stageEl);
  mountPanel(host, panelEl);
}

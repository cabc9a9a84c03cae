// Standalone page (dist/app/index.html): drop zones with previews for the content(s) and style(s),
// the run and then the result (before/after slider, Download) in the Result column, and the shared
// panel beside them. Nothing leaves the browser.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { DropZone, type Notice } from "./app-drop-zone";
import { ResultZone } from "./app-result-zone";
import { localStorageOrNull } from "./hosts/local-settings";
import { StandaloneHost, type PageState } from "./hosts/standalone";
import { mountPanel } from "./mount";
// After the panel's styles (through ./mount), in the order they override one another.
import "./app-page.css";
import "./app-before-after.css";
import "./app-run-view.css";
import "./app-page-widths.css";

let showNotice: (n: Notice) => void = () => undefined;

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
        <DropZone host={host} role="content" files={state.contents} onNotice={setNotice} />
        <DropZone host={host} role="style" files={state.styles} builtIns={state.builtIns} onNotice={setNotice} />
        <ResultZone host={host} results={state.results} run={state.run} contents={state.contents} />
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

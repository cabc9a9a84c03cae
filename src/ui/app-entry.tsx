// Standalone page (dist/app/index.html): pick or drop a content and style image(s), the shared panel,
// and the result downloads as a PNG. Nothing leaves the browser.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { localStorageOrNull } from "./hosts/local-settings";
import { StandaloneHost, type FileRole } from "./hosts/standalone";
import { mountPanel } from "./mount";
import "./app-page.css";

type Notice = { message: string; isError: boolean } | null;
let showNotice: (n: Notice) => void = () => undefined;

function Picker({ host, role, label, multiple }: { host: StandaloneHost; role: FileRole; label: string; multiple: boolean }) {
  const [over, setOver] = useState(false);
  const [names, setNames] = useState<string[]>([]);
  const take = async (files: FileList | null) => {
    if (!files?.length) return;
    showNotice(null);
    const problems = await host.addFiles(role, files);
    const chosen = host.choice().layers.filter((l) => (role === "content" ? l.id === host.choice().contentId : host.choice().styleIds.includes(l.id)));
    setNames(chosen.map((l) => `${l.name} (${l.width}×${l.height})`));
    if (!problems.length) showNotice({ message: `${role === "content" ? "Content" : "Style"} image ready.`, isError: false });
  };
  return (
    <label
      class={`drop${over ? " over" : ""}`}
      data-role={role}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer?.files ?? null);
      }}
    >
      <span class="drop-title">{label}</span>
      <span class="drop-hint">{names.length ? names.join(", ") : multiple ? "Drop images here or click to pick (one or more)" : "Drop an image here or click to pick"}</span>
      <input
        id={`${role}-file`}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp,image/bmp"
        multiple={multiple}
        onChange={(e) => {
          const input = e.currentTarget;
          void take(input.files).then(() => (input.value = ""));
        }}
      />
    </label>
  );
}

function Shell({ host }: { host: StandaloneHost }) {
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => {
    showNotice = setNotice;
  }, []);
  return (
    <header class="page-head">
      <h1>Restyle</h1>
      <p class="page-sub">Paint an image in the style of another, on your own GPU. Nothing is uploaded.</p>
      <div class="pickers">
        <Picker host={host} role="content" label="Content image" multiple={false} />
        <Picker host={host} role="style" label="Style image(s)" multiple={true} />
      </div>
      <p class={`notice${notice?.isError ? " error" : ""}`} role="status" aria-live="polite" data-error={notice?.isError ? "true" : "false"}>
        {notice?.message ?? ""}
      </p>
    </header>
  );
}

// boot.ts calls startPanel (the engine is a separate bundle, started by the panel: run/engine.ts).
export function startPanel(): void {
  const host = new StandaloneHost({ storage: localStorageOrNull(), onNotify: (message, isError) => showNotice({ message, isError }) });
  const root = document.getElementById("app") ?? document.body;
  const shellEl = document.createElement("div");
  const panelEl = document.createElement("div");
  panelEl.id = "panel";
  root.append(shellEl, panelEl);
  render(<Shell host={host} />, shellEl);
  mountPanel(host, panelEl);
}

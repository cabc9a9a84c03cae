/**
 * The standalone page's Content and Style columns: drop zones with a preview of each picked file
 * (and, in the Style column, each built-in painting chosen in the panel), a per-image clear, and a
 * file picker reachable by keyboard.
 */
import { NETWORK_NAMES } from "../shared/settings";
import { useRef, useState } from "preact/hooks";
import { galleryStyle } from "../gallery";
import { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS } from "../shared/layers";
import type { FileRole, PickedFile, StandaloneHost } from "./hosts/standalone";
import { useObjectUrl } from "./panel/use-object-url";

export type Notice = { message: string; isError: boolean } | null;

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/bmp";

function RecallBadge({ file, host }: { file: PickedFile; host: StandaloneHost }) {
  const rec = file.record;
  if (!rec) return null;
  const p = rec.params;
  const recall = host.choice().recall;
  const missing = (recall?.goneStyles ?? []).map((i) => p.styleNames[i]);
  return (
    <p class="drop-recall" data-recall={JSON.stringify(p)}>
      A Restyle result: strength {p.strength.toFixed(2)}, {NETWORK_NAMES[p.preset]} network, seed {p.seed}, from “{p.contentName}” in the style of{" "}
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

/** A built-in painting chosen in the panel: its thumbnail and name (it is unpicked there, under Built-in styles). */
function BuiltInPick({ slug, single }: { slug: string; single: boolean }) {
  const g = galleryStyle(slug);
  const url = useObjectUrl(g?.jpeg, "image/jpeg");
  if (!g) return null;
  const credit = `${g.title}, ${g.artist}, ${g.year}`;
  return (
    <li class={`pick built-in${single ? " single" : ""}`} data-slug={slug}>
      <div class="pick-image">{url ? <img src={url} alt={credit} /> : null}</div>
      <div class="pick-caption">
        <span class="pick-name" title={`${credit}. Built-in style: unpick it in the panel.`}>
          {g.title}
        </span>
        <span class="pick-size">Built-in</span>
      </div>
    </li>
  );
}

interface DropZoneProps {
  host: StandaloneHost;
  role: FileRole;
  files: readonly PickedFile[];
  /** Built-in paintings chosen in the panel, by slug (the Style column only). */
  builtIns?: readonly string[];
  onNotice: (n: Notice) => void;
}

export function DropZone({ host, role, files, builtIns = [], onNotice }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const isContent = role === "content";
  const max = isContent ? MAX_CONTENT_LAYERS : MAX_STYLE_LAYERS;
  const count = files.length + builtIns.length;
  const take = async (list: FileList | null) => {
    if (!list?.length) return;
    onNotice(null);
    const problems = await host.addFiles(role, list);
    if (!problems.length) onNotice({ message: `${isContent ? "Content" : "Style"} ${list.length > 1 ? "images" : "image"} ready.`, isError: false });
  };
  const title = isContent ? "Content" : "Style";
  return (
    <section
      class={`drop${over ? " over" : ""}${count ? " filled" : ""}`}
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
      {count ? (
        <ul class={`picks${count === 1 ? " one" : ""}`}>
          {files.map((f) => (
            <Preview key={f.id} file={f} host={host} single={count === 1} />
          ))}
          {builtIns.map((slug) => (
            <BuiltInPick key={slug} slug={slug} single={count === 1} />
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

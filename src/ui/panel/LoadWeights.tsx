/**
 * Advanced → "Network files: Load from files…": a file picker for the network's weights (converted: manifest.json and its .bin files; or a
 * Keras .h5, converted here where the page can), for when the Full weights cannot be downloaded
 * (offline, CORS, a failed check) or the user prefers.
 */
import { useRef, useState } from "preact/hooks";
import type { PresetName } from "../../engine/types";
import { pickWeights, type InstallWeights } from "../../weights/browser/pick-weights";
import { help } from "./control-help";

interface Props {
  disabled: boolean;
  /** Checks the files and keeps them where the engine runs. */
  install: InstallWeights;
  onLoaded: (preset: PresetName) => void;
}

type State = { kind: "idle" | "loading" } | { kind: "done" | "error"; message: string };

export function LoadWeights({ disabled, install, onLoaded }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ kind: "idle" });

  const onPick = async (el: HTMLInputElement) => {
    const files = [...(el.files ?? [])];
    el.value = ""; // picking the same files again must fire change again
    if (files.length === 0) return;
    setState({ kind: "loading" });
    const out = await pickWeights(files, install);
    setState({ kind: out.ok ? "done" : "error", message: out.message });
    if (out.ok) onLoaded(out.preset);
  };

  return (
    <div class="load-weights">
      <div class="row">
        <span class="label">Network files</span>
        <button
          type="button"
          class="secondary"
          name="loadWeights"
          disabled={disabled || state.kind === "loading"}
          {...help("loadNetwork")}
          onClick={() => input.current?.click()}
        >
          {state.kind === "loading" ? "Checking…" : "Load from files…"}
        </button>
      </div>
      <input
        ref={input}
        type="file"
        name="weightsFiles"
        multiple
        accept=".json,.bin,.h5,.hdf5"
        hidden
        aria-label="Network files"
        {...help("loadNetwork")}
        onChange={(e) => void onPick(e.currentTarget)}
      />
      {state.kind === "done" || state.kind === "error" ? (
        <p class={`message ${state.kind}`} role={state.kind === "error" ? "alert" : undefined}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}

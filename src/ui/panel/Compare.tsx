/**
 * A large picture (the live preview, or a finished result) that shows the original content
 * instead while pressed and held (pointer), or while the toggle button is on (keyboard).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { RgbaImage } from "../../engine/types";
import { drawInto } from "../run/png-codec";
import { help } from "./control-help";

interface Props {
  image?: RgbaImage;
  original?: RgbaImage;
  /** What the picture is, for screen readers: "Live preview", "Result". */
  label: string;
}

export function Compare({ image, original, label }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [held, setHeld] = useState(false);
  const [toggled, setToggled] = useState(false);
  const showOriginal = !!original && (held || toggled);
  const shown = showOriginal ? original : image;
  useEffect(() => {
    if (shown && canvas.current) drawInto(canvas.current, shown);
  }, [shown]);
  const release = () => setHeld(false);
  return (
    <div class="compare" data-showing={showOriginal ? "original" : "result"}>
      <canvas
        ref={canvas}
        class={shown ? "preview" : "preview empty"}
        aria-label={showOriginal ? "Original" : label}
        onPointerDown={(e) => {
          if (!original) return;
          (e.currentTarget as HTMLCanvasElement).setPointerCapture?.(e.pointerId);
          setHeld(true);
        }}
        onPointerUp={release}
        onPointerCancel={release}
        onLostPointerCapture={release}
      />
      {original ? (
        <div class="compare-bar">
          <span class="hint-text">{showOriginal ? "Showing the original" : "Press and hold to see the original"}</span>
          <button type="button" class="secondary small" aria-pressed={toggled} onClick={() => setToggled((t) => !t)} {...help("compare")}>
            {toggled ? "Show result" : "Show original"}
          </button>
        </div>
      ) : null}
    </div>
  );
}

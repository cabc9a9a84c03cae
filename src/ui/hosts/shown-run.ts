/**
 * A run as the panel words and pictures it, handed to a host that shows it in a place of its own
 * (Host.showRun: the standalone page's Result column). The words are the panel's; the host only shows them.
 */
import type { RgbaImage } from "../../engine/types";

export type ShownRun =
  /** No run in progress: the host shows what it shows between runs (its results). */
  | { phase: "idle" }
  | {
      phase: "running";
      /** The panel's status line: "Restyling… Detail 1024 px · tile 3 of 9 · 12/30". */
      line: string;
      /** Time left in words ("About 2 min left"); "" while unknown. */
      eta: string;
      /** Done so far, 0–1; undefined before the first iteration. */
      fraction?: number;
      iteration: number;
      totalIterations: number;
      /** The content being painted. */
      name?: string;
      /** The newest live preview: the whole picture at the scale being painted. */
      preview?: RgbaImage;
      /** The content's pixels, once exported (shown until the first preview). */
      original?: RgbaImage;
    };

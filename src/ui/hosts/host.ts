/**
 * The one interface between the shared Preact panel and an editor (Figma, Photopea) or the
 * standalone page. The panel never talks to an editor any other way.
 */
import type { LayerChoice, PlaceMode, PlaceRequest } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import type { ShownRun } from "./shown-run";

export interface Host {
  readonly kind: "figma" | "photopea" | "standalone";
  /** Calls back now and whenever the candidate layers change; returns an unsubscribe function. */
  watchLayers(onChange: (c: LayerChoice) => void): () => void;
  /** PNG bytes of one layer, long side capped at maxSide (never upscaled). */
  exportLayer(id: string, maxSide: number): Promise<Uint8Array>;
  /** Puts the result into the document as one undoable step; resolves with the new layer's id. */
  placeResult(req: PlaceRequest): Promise<string>;
  /**
   * Puts a batch's results into the document as ONE undoable step (all or none); resolves with
   * their ids in order. Hosts without it get placeResult once per result.
   */
  placeResults?(reqs: PlaceRequest[]): Promise<string[]>;
  /** How this host can place a result (default ["layer"]); "fill" only where layers have fills (Figma). */
  readonly placeModes?: readonly PlaceMode[];
  loadSettings(): Promise<Partial<PanelSettings>>;
  saveSettings(s: PanelSettings): Promise<void>;
  /** How many undos revert a strength update (default 1). */
  readonly updateUndoSteps?: number;
  /** Short transient message in the host's own UI where it has one (Figma: figma.notify). */
  notify(message: string, isError?: boolean): void;
  /**
   * A page with a place of its own for the run (the standalone page's Result column): the panel hands
   * it every step of the run and shows no preview or result of its own. Editors leave it out.
   */
  showRun?(run: ShownRun): void;
  /** The styles chosen in the panel (layer ids and built-in "gallery:<slug>" ids), for a page that shows them. */
  showStyles?(styleIds: readonly string[]): void;
}

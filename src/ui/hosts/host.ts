/**
 * The one interface between the shared Preact panel and an editor (Figma, Photopea) or the
 * standalone page. The panel never talks to an editor any other way.
 */
import type { PanelSettings } from "../settings";

export interface LayerInfo {
  /** Host-specific stable id (Figma node id, Photopea layer path, file name…). */
  id: string;
  name: string;
  /** Size of the layer in document units (px). */
  width: number;
  height: number;
  /** Small PNG preview, if the host can produce one cheaply. */
  thumbnail?: Uint8Array;
}

export interface LayerChoice {
  /** Layers the user may pick from, in a stable order. */
  layers: LayerInfo[];
  /** Default roles picked by the host (e.g. Figma: the first selected is content). */
  contentId: string | null;
  styleIds: string[];
  /** Why nothing can run yet (no selection, one layer…), in plain words; null when ready. */
  problem: string | null;
  /** Set when the user selected an earlier Restyle result: `layers` are then its sources, and a re-run may replace it. */
  resultId?: string;
  /** How the host chose the default roles, in plain words (shown under the layers). */
  note?: string;
}

/** A run takes one content layer and at most this many style layers. */
export const MAX_STYLE_LAYERS = 4;

export interface PlaceRequest {
  contentId: string;
  styleIds: string[];
  /** PNG of the result, at the output size. */
  png: Uint8Array;
  width: number;
  height: number;
  /** Name of the new layer: "<content> · <style>". */
  name: string;
  /** Parameters recorded with the result (Figma pluginData), JSON-serialisable. */
  params: Record<string, unknown>;
  /** When set, replace the pixels of this earlier result layer instead of adding a new one. */
  replaceId?: string;
}

export interface Host {
  readonly kind: "figma" | "photopea" | "standalone";
  /** Calls back now and whenever the candidate layers change; returns an unsubscribe function. */
  watchLayers(onChange: (c: LayerChoice) => void): () => void;
  /** PNG bytes of one layer, long side capped at maxSide (never upscaled). */
  exportLayer(id: string, maxSide: number): Promise<Uint8Array>;
  /** Puts the result into the document as one undoable step; resolves with the new layer's id. */
  placeResult(req: PlaceRequest): Promise<string>;
  loadSettings(): Promise<Partial<PanelSettings>>;
  saveSettings(s: PanelSettings): Promise<void>;
  /** How many undos revert a strength update (default 1). */
  readonly updateUndoSteps?: number;
  /** Short transient message in the host's own UI where it has one (Figma: figma.notify). */
  notify(message: string, isError?: boolean): void;
}

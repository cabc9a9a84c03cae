/**
 * What the sandbox has handed out to the panel while the plugin is open, and the only ids it acts
 * on. The panel is a web page: every id it sends back is untrusted. A layer may be exported or
 * restyled only when a selection message listed it; a result may be replaced only when the sandbox
 * placed it (or listed it as the selected earlier result) for that same content. Kept for the
 * whole session, not just the latest selection: a batch still exporting or placing must not fail
 * because the user clicked elsewhere meanwhile.
 */
import { isGalleryId, type LayerChoice, type PlaceRequest } from "../shared/layers";
import { PluginError } from "./export";

export class Grants {
  private readonly layers = new Set<string>();
  /** Result id → the content it was made from (for a fill result the two are the same node). */
  private readonly results = new Map<string, string>();

  /** Records what a selection message hands out: its layers and, for an earlier result, that result. */
  handOut(choice: LayerChoice): void {
    for (const l of choice.layers) this.layers.add(l.id);
    if (choice.resultId && choice.contentId) this.results.set(choice.resultId, choice.contentId);
  }

  /** Records results the sandbox placed, in request order. */
  placed(ids: readonly string[], reqs: readonly PlaceRequest[]): void {
    ids.forEach((id, i) => this.results.set(id, reqs[i].contentId));
  }

  checkExport(id: string): void {
    if (!this.layers.has(id)) throw new PluginError("That layer is not among the selected layers. Select it, then run again.");
  }

  /** Throws unless every id in the request is one the sandbox handed out for this use. */
  checkPlace(req: PlaceRequest): void {
    if (!this.layers.has(req.contentId)) throw new PluginError("The layer to restyle is not among the selected layers; nothing was added.");
    if (req.styleIds.some((s) => !isGalleryId(s) && !this.layers.has(s)))
      throw new PluginError("A style layer is not among the selected layers; nothing was added.");
    if (req.replaceId !== undefined && this.results.get(req.replaceId) !== req.contentId) {
      throw new PluginError("The result to update was not made from this layer; nothing was changed.");
    }
  }
}

/**
 * The results of one batch as they arrive from the panel, one image per message, until the
 * panel asks for them to be placed together. Only one batch is held: a part of a newer batch
 * drops an older, unfinished one (the panel was cancelled or closed midway), and a part that
 * fails its check drops its whole batch, so nothing half-sent is ever placed.
 */
import type { PlaceRequest } from "../shared/layers";
import { PluginError } from "./export";
import { checkRequest } from "./place-batch";

export class BatchStage {
  private batch: { id: number; parts: Array<PlaceRequest | undefined> } | null = null;

  add(batchId: number, index: number, count: number, req: PlaceRequest): void {
    if (!this.batch || this.batch.id !== batchId) this.batch = { id: batchId, parts: new Array<PlaceRequest | undefined>(count).fill(undefined) };
    const parts = this.batch.parts;
    if (parts.length !== count || index >= count || parts[index]) {
      this.batch = null;
      throw new PluginError("The results of this batch arrived out of order; nothing was added. Run it again.");
    }
    try {
      checkRequest(req);
    } catch (e) {
      this.batch = null;
      throw e;
    }
    parts[index] = req;
  }

  /** Every part of the batch, in order; the batch is dropped either way. */
  take(batchId: number, count: number): PlaceRequest[] {
    const batch = this.batch;
    this.batch = null;
    const parts = batch && batch.id === batchId && batch.parts.length === count ? batch.parts : null;
    if (!parts || parts.some((p) => !p)) throw new PluginError("Part of the batch did not reach Figma; nothing was added. Run it again.");
    return parts as PlaceRequest[];
  }
}

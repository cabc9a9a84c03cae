/**
 * A job's inputs as the engine takes them: each layer exported by the host and decoded, each
 * built-in painting decoded from the panel's own bytes, each checked for visible pixels; and the
 * one way a cancel is thrown.
 */
import { MIN_VISIBLE_FRACTION } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import { visibleFraction } from "../../engine/image-checks";
import type { RgbaImage } from "../../engine/types";
import { galleryStyle } from "../../gallery";
import { gallerySlug, type LayerInfo } from "../../shared/layers";
import type { Host } from "../hosts/host";
import { shrinkToFit } from "./fit-image";
import { styleExportSide, type ExportSides } from "./plan";

const cancelledError = () => new RestyleError("cancelled", "The run was cancelled; nothing was added.");

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof RestyleError ? signal.reason : cancelledError();
}

/** Rejects, as throwIfCancelled throws, once `signal` aborts: a wait the run cannot stop itself gives way to a cancel at once. */
export function whenCancelled(signal: AbortSignal): Promise<never> {
  const p = new Promise<never>((_, reject) =>
    signal.addEventListener("abort", () => reject(signal.reason instanceof RestyleError ? signal.reason : cancelledError()), { once: true }),
  );
  p.catch(() => undefined);
  return p;
}

export const isCancel = (e: unknown) => e instanceof RestyleError && e.code === "cancelled";

function checkVisible(img: RgbaImage, name: string): void {
  if (visibleFraction(img) < MIN_VISIBLE_FRACTION) {
    throw new RestyleError("transparent-image", `“${name}” is fully transparent: there is nothing to restyle there. Pick a layer with visible pixels.`);
  }
}

/** A style the panel can use: a layer of the host, or a built-in painting. */
export interface StyleSource {
  id: string;
  name: string;
  /** Present for built-in paintings: the bytes are in the panel, never exported. */
  jpeg?: Uint8Array;
}

export function styleSources(ids: readonly string[], layers: Map<string, LayerInfo>): StyleSource[] {
  return ids.map((id) => {
    const slug = gallerySlug(id);
    if (slug === null) return { id, name: layers.get(id)!.name };
    const g = galleryStyle(slug);
    if (!g) throw new RestyleError("bad-image", `The built-in style “${slug}” is not in this version of Restyle. Pick another style.`);
    return { id, name: g.title, jpeg: g.jpeg };
  });
}

/** Decoded inputs, each style decoded once per side for the whole batch (a batch shares its styles). */
export class Inputs {
  private readonly styles = new Map<string, Promise<RgbaImage>>();
  constructor(
    private readonly host: Host,
    private readonly deps: { decode: (bytes: Uint8Array, what: string) => Promise<RgbaImage> },
    private readonly signal: AbortSignal,
  ) {}

  async layer(l: LayerInfo, side: number): Promise<RgbaImage> {
    const png = await this.host.exportLayer(l.id, side);
    throwIfCancelled(this.signal);
    const img = await this.deps.decode(png, `export of “${l.name}”`);
    checkVisible(img, l.name);
    return img;
  }

  /** A built-in painting shrunk to what the finest scale uses; a layer at its own size within that (styleExportSide). */
  style(s: StyleSource, layers: Map<string, LayerInfo>, sides: ExportSides): Promise<RgbaImage> {
    const side = s.jpeg ? sides.style : styleExportSide(sides, layers.get(s.id)!);
    const key = `${s.id}@${side}`;
    let p = this.styles.get(key);
    if (!p) {
      p = s.jpeg ? this.deps.decode(s.jpeg, `built-in style “${s.name}”`).then((img) => shrinkToFit(img, side)) : this.layer(layers.get(s.id)!, side);
      this.styles.set(key, p);
      p.catch(() => this.styles.delete(key));
    }
    return p;
  }
}

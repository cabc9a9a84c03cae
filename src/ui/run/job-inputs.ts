/**
 * A job's inputs: the styles it uses (host layers or built-in paintings) and the decoded pixels,
 * exported from the host and each style decoded once per size for the whole batch. An export that
 * is fully transparent is refused with its own message.
 */
import { MIN_VISIBLE_FRACTION } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import { visibleFraction } from "../../engine/image-checks";
import type { RgbaImage } from "../../engine/types";
import { galleryStyle } from "../../gallery";
import { gallerySlug, type LayerInfo } from "../../shared/layers";
import type { Host } from "../hosts/host";
import { shrinkToFit } from "./fit-image";

const cancelledError = () => new RestyleError("cancelled", "The run was cancelled; nothing was added.");

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof RestyleError ? signal.reason : cancelledError();
}

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

  style(s: StyleSource, layers: Map<string, LayerInfo>, side: number): Promise<RgbaImage> {
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

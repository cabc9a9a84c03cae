/**
 * Which style candidates are plain colour, judged from small previews Photopea exports: the
 * candidates nearest the content first, a few per refresh, each layer state judged once (the
 * verdicts are kept in the host's cache), so the default style is a textured layer.
 */
import type { RgbaImage } from "../../engine/types";
import type { PhotopeaChannel } from "./photopea-channel";
import { contentIndex, styleCandidates, unusableReason, type PlainLookup, type PpLayer, type PpListing } from "./photopea-listing";
import { exportLayerScript } from "./photopea-scripts";
import { isPlain } from "./photopea-texture";

/** Long side of the previews that judge texture, and how many a refresh may export. */
const PREVIEW_SIDE = 32;
const MAX_PREVIEWS = 6;

export interface PreviewOptions {
  channel: PhotopeaChannel;
  listTimeoutMs?: number;
  decode?: (png: Uint8Array) => Promise<RgbaImage>;
}

/**
 * Judges the style candidates nearest the content first, from a small preview of each, until one
 * with texture is found; the rest stay unjudged (they count as textured).
 */
export async function judgeCandidates(listing: PpListing, cache: Map<string, boolean>, opts: PreviewOptions): Promise<PlainLookup> {
  const key = (l: PpLayer) => JSON.stringify([l.path, l.name, l.kind, l.bounds]);
  const lookup: PlainLookup = (l) => cache.get(key(l));
  const decode = opts.decode;
  if (!decode || !listing.document) return lookup;
  const usable = listing.layers.filter((l) => unusableReason(l) === null);
  if (usable.length < 2) return lookup;
  let judged = 0;
  for (const l of styleCandidates(usable, contentIndex(usable))) {
    if (l.background) continue;
    let plain = cache.get(key(l));
    if (plain === undefined) {
      if (judged >= MAX_PREVIEWS) break;
      judged += 1;
      const png = await opts.channel
        .run((n) => exportLayerScript(n, l.path, l.name, PREVIEW_SIDE), opts.listTimeoutMs ?? 5000)
        .then((r) => r.buffers[r.buffers.length - 1])
        .catch(() => undefined);
      if (!png) break; // Photopea is busy or the layer changed: judge again at the next refresh
      const img = await decode(new Uint8Array(png)).catch(() => null);
      if (!img) break;
      plain = isPlain(img);
      cache.set(key(l), plain);
    }
    if (!plain) break;
  }
  return lookup;
}

/**
 * The built-in styles: public-domain paintings shipped inside the panel pages and the CLI
 * (assets/gallery, sources and licences in its README). The bytes come from the build's
 * "restyle:gallery" module, so the engine bundle, which never imports this, stays free of them.
 */
import entries from "restyle:gallery";

export interface GalleryStyle {
  /** Stable name: the CLI's --style-preset value and the "gallery:<slug>" style id. */
  slug: string;
  title: string;
  artist: string;
  /** As art history writes it ("1889", "c. 1830–32"). */
  year: string;
  width: number;
  height: number;
  /** Baseline JPEG, long side 256 px. */
  jpeg: Uint8Array;
}

export const GALLERY: readonly GalleryStyle[] = Object.freeze(entries.map((e) => Object.freeze({ ...e })));

export function galleryStyle(slug: string): GalleryStyle | undefined {
  return GALLERY.find((s) => s.slug === slug);
}

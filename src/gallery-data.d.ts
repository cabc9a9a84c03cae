// Virtual module produced at build time (and under vitest) by build/gallery.mjs from assets/gallery.
declare module "restyle:gallery" {
  import type { GalleryStyle } from "./gallery/index";
  const entries: readonly GalleryStyle[];
  export default entries;
}

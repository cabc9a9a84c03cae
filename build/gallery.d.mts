import type { Plugin as EsbuildPlugin } from "esbuild";
import type { Plugin as VitePlugin } from "vite";
export declare const GALLERY_MODULE: "restyle:gallery";
export interface GalleryFileEntry {
  meta: { slug: string; title: string; artist: string; year: string; width: number; height: number };
  file: string;
  path: string;
  bytes: Buffer;
}
export declare function readGallery(root?: string): { listFile: string; entries: GalleryFileEntry[] };
export declare function galleryModuleSource(root?: string): { contents: string; watchFiles: string[] };
export declare function galleryEsbuildPlugin(root?: string): EsbuildPlugin;
export declare function galleryVitePlugin(root?: string): VitePlugin;

// The built-in styles: `import entries from "restyle:gallery"` yields assets/gallery/gallery.json's
// entries, each with its JPEG's bytes as a Uint8Array. One module text (galleryModuleSource) serves both
// the esbuild plugin (the pages and the CLI bundles inline the bytes) and the vite plugin (the tests).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const GALLERY_MODULE = "restyle:gallery";
const DEFAULT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIELDS = ["slug", "file", "title", "artist", "year"];

/** gallery.json checked (fields, unique slugs, files present), each entry with its file's path and bytes. */
export function readGallery(root = DEFAULT_ROOT) {
  const dir = join(root, "assets/gallery");
  const listFile = join(dir, "gallery.json");
  const list = JSON.parse(readFileSync(listFile, "utf8"));
  if (!Array.isArray(list) || list.length === 0) throw new Error("assets/gallery/gallery.json must be a non-empty array");
  const seen = new Set();
  const entries = list.map((e, i) => {
    for (const f of FIELDS)
      if (typeof e?.[f] !== "string" || e[f] === "") throw new Error(`assets/gallery/gallery.json entry ${i}: "${f}" must be a non-empty string`);
    for (const f of ["width", "height"])
      if (!Number.isInteger(e[f]) || e[f] <= 0) throw new Error(`assets/gallery/gallery.json entry ${i}: "${f}" must be a positive whole number`);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.slug))
      throw new Error(`assets/gallery/gallery.json entry ${i}: slug "${e.slug}" must be lower-case words joined by "-"`);
    if (seen.has(e.slug)) throw new Error(`assets/gallery/gallery.json: slug "${e.slug}" appears twice`);
    seen.add(e.slug);
    const path = join(dir, e.file);
    if (!existsSync(path)) throw new Error(`assets/gallery/gallery.json entry ${i}: ${e.file} is not in assets/gallery`);
    const { slug, title, artist, year, width, height } = e;
    return { meta: { slug, title, artist, year, width, height }, file: e.file, path, bytes: readFileSync(path) };
  });
  return { listFile, entries };
}

/**
 * The module's text, the same for both bundlers: the bytes as base64 decoded with atob (in every
 * browser and in Node), so it does not depend on a bundler's binary loader or its target.
 */
export function galleryModuleSource(root = DEFAULT_ROOT) {
  const { listFile, entries } = readGallery(root);
  const list = entries.map((e) => `  { ...${JSON.stringify(e.meta)}, jpeg: bytes(${JSON.stringify(e.bytes.toString("base64"))}) }`).join(",\n");
  const contents = `const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));\nexport default [\n${list},\n];\n`;
  return { contents, watchFiles: [listFile, ...entries.map((e) => e.path)] };
}

/** esbuild: the pages (build.mjs) and the CLI bundles (cli-options.mjs). */
export function galleryEsbuildPlugin(root = DEFAULT_ROOT) {
  return {
    name: "gallery",
    setup(b) {
      b.onResolve({ filter: /^restyle:gallery$/ }, () => ({ path: "gallery", namespace: "restyle-gallery" }));
      b.onLoad({ filter: /.*/, namespace: "restyle-gallery" }, () => ({ ...galleryModuleSource(root), loader: "js" }));
    },
  };
}

/** vite (vitest): the tests see the very files the build inlines. */
export function galleryVitePlugin(root = DEFAULT_ROOT) {
  const id = "\0" + GALLERY_MODULE;
  return {
    name: "restyle-gallery",
    resolveId: (source) => (source === GALLERY_MODULE ? id : null),
    load(loaded) {
      if (loaded !== id) return null;
      const { contents, watchFiles } = galleryModuleSource(root);
      for (const f of watchFiles) this.addWatchFile?.(f);
      return contents;
    },
  };
}

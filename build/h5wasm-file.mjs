// h5wasm (HDF5 in WebAssembly, the wasm inlined), loaded only when the user picks a Keras .h5 in
// "Load weights…". It is larger than the whole panel, so the Photopea and standalone pages get it as
// a script beside them; the Figma panel is one file with no origin to load from, so there it is
// inlined gzip-compressed (a non-executing block the page decompresses on demand).
import * as esbuild from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

export const H5WASM_FILE = "h5wasm.js";

/** The one-script build of h5wasm (global `h5wasm`), made once per version. */
async function builtH5wasm(root) {
  const { version } = JSON.parse(readFileSync(join(root, "node_modules/h5wasm/package.json"), "utf8"));
  const built = join(root, "dist/tmp", `h5wasm-${version}.js`);
  if (!existsSync(built)) {
    await esbuild.build({
      entryPoints: [join(root, "node_modules/h5wasm/dist/esm/hdf5_hl.js")],
      outfile: built,
      bundle: true,
      minify: true,
      format: "iife",
      globalName: "h5wasm",
      platform: "browser",
      logLevel: "warning",
    });
  }
  return built;
}

export async function writeH5wasmBeside(root, pageFile) {
  const built = await builtH5wasm(root);
  mkdirSync(dirname(pageFile), { recursive: true });
  copyFileSync(built, join(dirname(pageFile), H5WASM_FILE));
}

/** The same script, gzip-compressed and base64-encoded, for inlining into a one-file page. */
export async function h5wasmInline(root) {
  return gzipSync(readFileSync(await builtH5wasm(root)), { level: 9 }).toString("base64");
}

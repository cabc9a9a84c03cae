// h5wasm (HDF5 in WebAssembly, the wasm inlined) as one script beside the Photopea and standalone
// pages, loaded only when the user picks a Keras .h5 in "Load weights…". It is larger than the whole
// panel, so it is never inlined: the Figma panel (one file, no origin to load it from) goes without.
import * as esbuild from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const H5WASM_FILE = "h5wasm.js";

export async function writeH5wasmBeside(root, pageFile) {
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
  mkdirSync(dirname(pageFile), { recursive: true });
  copyFileSync(built, join(dirname(pageFile), H5WASM_FILE));
}

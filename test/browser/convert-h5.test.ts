/**
 * A Keras .h5 picked in the panel is converted there (h5wasm in Chromium, loaded from beside the
 * page, or inlined gzip-compressed in a one-file panel as Figma's) into exactly what
 * `npm run weights -- --from FILE.h5` writes; where h5wasm cannot load it says how to convert the file.
 */
import * as esbuild from "esbuild";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WeightsManifest } from "../../src/weights/core/manifest";
import { KERAS_HINT } from "../../src/weights/browser/pick-weights";
import { runWeightsTool } from "../../src/weights/node/run-weights";
import { parseWeightsArgs } from "../../src/weights/node/weights-args";
// @ts-expect-error plain ESM build helper without types
import { h5wasmInline, writeH5wasmBeside } from "../../build/h5wasm-file.mjs";
// @ts-expect-error plain ESM build helper without types
import { H5WASM_SCRIPT_ID } from "../../build/html.mjs";
import { launchChromium, type Launched } from "../helpers/chromium";
import { REPO } from "../helpers/paths";
import { serveDir, type StaticServer } from "../helpers/static-server";
import { liteLayers, writeKerasH5 } from "../weights/fixtures";
import type { H5PickReport } from "./convert-h5-entry";

let dir: string;
let server: StaticServer;
let browser: Launched;
let cliManifest: WeightsManifest;
const H5 = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "restyle-convert-h5-"));
  await writeKerasH5(join(dir, H5), { layers: liteLayers(), naming: "keras1" });
  // What the CLI converter makes of the same file.
  await runWeightsTool({ ...parseWeightsArgs(["--from", join(dir, H5)]), out: join(dir, "cli") }, { log: () => undefined });
  cliManifest = JSON.parse(readFileSync(join(dir, "cli/lite/manifest.json"), "utf8")) as WeightsManifest;
  await esbuild.build({
    entryPoints: [join(REPO, "test/browser/convert-h5-entry.ts")],
    outfile: join(dir, "page.js"),
    bundle: true,
    format: "iife",
    platform: "browser",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  await writeH5wasmBeside(REPO, join(dir, "index.html")); // what build.mjs puts beside the pages
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><script src="page.js"></script>`);
  // Figma's panel: one file with its script inlined, nothing beside it, in an opaque-origin iframe;
  // with h5wasm inlined as build.mjs inlines it into ui.html, and without (an older build).
  mkdirSync(join(dir, "figma"));
  const inlined = readFileSync(join(dir, "page.js"), "utf8").replace(/<\/script/gi, "<\\/script");
  const h5block = `<script type="text/plain" id="${H5WASM_SCRIPT_ID}">${await h5wasmInline(REPO)}</script>`;
  writeFileSync(join(dir, "figma/ui.html"), `<!doctype html><meta charset="utf-8">${h5block}<script>${inlined}</script>`);
  writeFileSync(join(dir, "figma/bare.html"), `<!doctype html><meta charset="utf-8"><script>${inlined}</script>`);
  writeFileSync(join(dir, "figma/index.html"), `<!doctype html><meta charset="utf-8"><iframe sandbox="allow-scripts" src="ui.html"></iframe>`);
  writeFileSync(join(dir, "figma/bare-index.html"), `<!doctype html><meta charset="utf-8"><iframe sandbox="allow-scripts" src="bare.html"></iframe>`);
  server = await serveDir(dir);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Load weights… with a Keras .h5", () => {
  it("converts it in the page into the CLI converter's exact files, which the engine accepts", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + "index.html");
    const r: H5PickReport = await page.evaluate(([u, n]) => window.restyleConvertH5(u, n), [server.url + H5, H5] as const);
    expect(r.message).toBe(`Loaded the Fast (Lite) network (6 layers) from converted ${H5}; Restyle uses them until it is closed.`);
    expect(r.ok).toBe(true);
    expect(r.leakedTensors).toBe(0);
    const m = r.manifest as WeightsManifest;
    expect(m.weightsManifest).toEqual(cliManifest.weightsManifest); // names, shapes, dtypes, sizes and sha256 of every shard
    for (const g of cliManifest.weightsManifest) expect(r.files[g.paths[0]]).toBe(g.sha256![0]);
    console.log(`h5wasm.js beside the page: ${statSync(join(dir, "h5wasm.js")).size} bytes`);
    await page.close();
  }, 120_000);

  it("in a one-file panel with nothing beside it (Figma) it converts with the inlined h5wasm, to the same files", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + "figma/index.html");
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await frame.waitForFunction(() => typeof window.restyleConvertH5 === "function");
    // Opaque origin: fetch from the page server is cross-origin; the static server sends CORS headers.
    const r: H5PickReport = await frame.evaluate(([u, n]) => window.restyleConvertH5(u, n), [server.url + H5, H5] as const);
    expect(r.ok).toBe(true);
    expect(r.leakedTensors).toBe(0);
    expect((r.manifest as WeightsManifest).weightsManifest).toEqual(cliManifest.weightsManifest);
    console.log(`h5wasm inlined (gzip + base64): ${(await h5wasmInline(REPO)).length} bytes`);
    await page.close();
  }, 120_000);

  it("where h5wasm cannot load (a one-file page without it) it says how to convert the file instead", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + "figma/bare-index.html");
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await frame.waitForFunction(() => typeof window.restyleConvertH5 === "function");
    // Opaque origin: fetch from the page server is cross-origin; the static server sends CORS headers.
    const r: H5PickReport = await frame.evaluate(([u, n]) => window.restyleConvertH5(u, n), [server.url + H5, H5] as const);
    expect(r).toMatchObject({ ok: false, message: KERAS_HINT });
    expect(r.files).toEqual({});
    await page.close();
  }, 60_000);
});

// Builds every artefact with esbuild. `node build.mjs [--only a,b] [--watch]`.
//   lib      dist/lib/index.js (+ .d.ts)   the engine as an ES module library ("restyle")
//   cli      dist/cli/*.js                 restyle CLI, demo, weights tool, app servers (dist/cli/restyle.js is the package's bin)
//   bench    dist/bench/*.js               benchmarks/ bench, bench-gpu (Node; never in the package; only with --only bench)
//   plugin   dist/plugin.js                Figma sandbox code (no DOM, ES2017-safe)
//   ui       dist/ui.html                  Figma panel, one self-contained file (JS + CSS + lite weights + engine bundle inlined)
//   photopea dist/photopea/index.html      the same panel for Photopea
//   app      dist/app/index.html           the same panel as a standalone page
//   site     dist/site/                    the GitHub Pages site: app at /, photopea/ beside it (build/pages-site.mjs; after app, photopea)
import * as esbuild from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CLI_BUILD_OPTIONS } from "./build/cli-options.mjs";
import { inlineHtml } from "./build/html.mjs";
import { allowedDomainsCover } from "./build/allowed-domains.mjs";
import { h5wasmInline, writeH5wasmBeside } from "./build/h5wasm-file.mjs";
import { liteWeightsPlugin } from "./build/lite-weights.mjs";
import { galleryEsbuildPlugin } from "./build/gallery.mjs";
import { obtainLiteWeights } from "./build/obtain-lite-weights.mjs";
import { pinnedWeightsUrl } from "./build/pinned-weights-url.mjs";
import { writePagesSite } from "./build/pages-site.mjs";

const root = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const watch = args.includes("--watch");
const onlyArg = args.find((a, i) => args[i - 1] === "--only");
const only = onlyArg ? new Set(onlyArg.split(",")) : null;

/**
 * The Full weights' folder is fixed at build time: the pinned public copy (PINNED_BASE_URL of
 * src/weights/core/pinned-source.ts, read from there) unless RESTYLE_WEIGHTS_URL names a
 * self-hosted copy of it. The manifest's allowedDomains must cover it.
 */
const WEIGHTS_URL = process.env.RESTYLE_WEIGHTS_URL || (await pinnedWeightsUrl(root));
/** `--no-weights`: a panel without the built-in Lite weights, on purpose. */
const noWeights = args.includes("--no-weights");
const define = { "process.env.RESTYLE_WEIGHTS_URL": JSON.stringify(WEIGHTS_URL) };

/** The product's Node commands (src/cli) and the benchmarks' (benchmarks/), bundled into separate folders so the package's dist/cli carries no benchmark. */
const CLI_ENTRIES = ["src/cli/restyle.ts", "src/cli/demo.ts", "src/cli/weights.ts", "src/cli/serve.ts", "src/cli/photopea.ts"];
const BENCH_ENTRIES = ["benchmarks/bench.ts", "benchmarks/bench-gpu.ts", "benchmarks/profile-run.ts"];
/** Targets a plain build leaves out: the benchmarks are not part of the product. */
const ON_REQUEST = new Set(["bench"]);

/** Every entry must exist: a renamed or deleted file fails the build instead of silently shipping without it. */
function entries(files) {
  const missing = files.filter((f) => !existsSync(join(root, f)));
  if (missing.length) {
    console.error(`build.mjs: missing entry point(s): ${missing.join(", ")}`);
    process.exit(1);
  }
  return files.map((f) => ({ in: join(root, f), out: f.split("/").pop().replace(/\.ts$/, "") }));
}

/** @type {Record<string, () => Promise<void>>} */
const targets = {
  async lib() {
    await build({
      entryPoints: [join(root, "src/index.ts"), join(root, "src/node/index.ts"), join(root, "src/engine/register-gradients.ts")],
      outdir: join(root, "dist/lib"),
      outbase: join(root, "src"),
      platform: "neutral",
      format: "esm",
      bundle: true,
      packages: "external",
      mainFields: ["module", "main"],
      define,
    });
    // Declarations for library users; the typecheck itself is `npm run typecheck`.
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.lib.json")], { stdio: "inherit" });
  },
  cli: () => build({ entryPoints: entries(CLI_ENTRIES), outdir: join(root, "dist/cli"), ...CLI_BUILD_OPTIONS, define }),
  bench: () => build({ entryPoints: entries(BENCH_ENTRIES), outdir: join(root, "dist/bench"), ...CLI_BUILD_OPTIONS, define }),
  async plugin() {
    const [{ in: entry }] = entries(["src/plugin/main.ts"]);
    checkManifestDomains();
    await build({
      entryPoints: [entry],
      outfile: join(root, "dist/plugin.js"),
      platform: "neutral",
      format: "iife",
      // Figma's sandbox is an older JS engine: no optional catch binding surprises, no top-level await.
      target: "es2017",
      bundle: true,
      define,
    });
  },
  ui: async () => htmlTarget("src/ui/figma-entry.tsx", "dist/ui.html", { h5wasm: await h5wasmInline(root) }),
  photopea: async () => (
    await htmlTarget("src/ui/photopea-entry.tsx", "dist/photopea/index.html"),
    await writeH5wasmBeside(root, join(root, "dist/photopea/index.html"))
  ),
  app: async () => (await htmlTarget("src/ui/app-entry.tsx", "dist/app/index.html"), await writeH5wasmBeside(root, join(root, "dist/app/index.html"))),
  site: async () => void writePagesSite(root),
};

/** Figma blocks every fetch not listed in manifest.json's networkAccess: say so at build time, not in the user's panel. */
function checkManifestDomains() {
  const mf = join(root, "manifest.json");
  if (!existsSync(mf)) return;
  const allowed = JSON.parse(readFileSync(mf, "utf8")).networkAccess?.allowedDomains ?? [];
  if (!allowedDomainsCover(allowed, new URL("model.json", WEIGHTS_URL).href)) {
    console.warn(
      `warning: manifest.json networkAccess.allowedDomains does not cover ${WEIGHTS_URL} (RESTYLE_WEIGHTS_URL); Figma will block the Full weights download.`,
    );
  }
}

/**
 * The engine bundle (tfjs, stylize, the weights loader; no panel, no weights), built once and
 * inlined into every page as text: the page starts it as a data: or blob: URL worker, or runs it
 * on its own thread (src/ui/engine-link/engine-routes.ts). Small enough for a data: URL in Chromium.
 * Built once per invocation (also in watch mode: restart the watch after changing the engine).
 */
/** What every in-page bundle shares: one minified browser script, held in memory until inlined. */
const PAGE_SCRIPT = {
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  define: { ...define, "process.env.NODE_ENV": '"production"' },
};

let engineJs = null;
async function engineBundle() {
  engineJs ??= esbuild
    .build({
      ...PAGE_SCRIPT,
      entryPoints: [join(root, "src/worker/engine-entry.ts")],
      // The weights reach the engine by postMessage and gallery styles as pixels: a bundle that imported either would be megabytes.
      plugins: [
        {
          name: "no-weights",
          setup: (b) =>
            b.onResolve({ filter: /^restyle:(lite-weights|gallery)$/ }, (a) => ({ errors: [{ text: `the engine bundle must not carry ${a.path}` }] })),
        },
      ],
      logLevel: "warning",
    })
    .then((r) => r.outputFiles[0].text);
  return engineJs;
}

/** `inline`: more non-executing blocks for the page (the Figma panel's h5wasm). */
async function htmlTarget(entryRel, outRel, inline = {}) {
  entries([entryRel]);
  const out = join(root, outRel);
  const engine = await engineBundle();
  // Bundled in memory, then inlined into one HTML file (also after every rebuild in watch mode).
  const writeHtml = (result) => {
    if (!result.outputFiles) return;
    const js = result.outputFiles.find((f) => f.path.endsWith(".js"))?.text ?? "";
    const css = result.outputFiles.find((f) => f.path.endsWith(".css"))?.text ?? "";
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, inlineHtml({ js, css, engine, ...inline, title: "Restyle" }));
  };
  const boot = `import { startPanel } from ${JSON.stringify("./" + entryRel)}; startPanel();`;
  const opts = {
    ...PAGE_SCRIPT,
    stdin: { contents: boot, resolveDir: root, sourcefile: `${entryRel}.boot.ts`, loader: "ts" },
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: join(root, "dist/tmp"),
    plugins: [liteWeightsPlugin(root), galleryEsbuildPlugin(root), { name: "inline-html", setup: (b) => b.onEnd(writeHtml) }],
    logLevel: watch ? "info" : "warning",
  };
  if (watch) await (await esbuild.context(opts)).watch();
  else await esbuild.build(opts);
}

async function build(opts) {
  if (watch) {
    const ctx = await esbuild.context({ logLevel: "info", ...opts });
    await ctx.watch();
  } else {
    await esbuild.build({ logLevel: "warning", ...opts });
  }
}

const unknown = only ? [...only].filter((t) => !(t in targets)) : [];
if (unknown.length) {
  console.error(`build.mjs: unknown target(s) ${unknown.join(", ")}; known: ${Object.keys(targets).join(", ")}`);
  process.exit(2);
}

// The panels inline the Lite weights (and the bench's time to quality runs on them): obtain them
// first, or stop with the command that fixes it.
if (["ui", "photopea", "app", "bench"].some((t) => (only ? only.has(t) : !ON_REQUEST.has(t)))) {
  try {
    await obtainLiteWeights(root, { noWeights, weightsUrl: WEIGHTS_URL });
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
for (const [name, run] of Object.entries(targets)) {
  if (only ? !only.has(name) : ON_REQUEST.has(name)) continue;
  await run();
}
if (!watch) console.log(`built ${only ? [...only].join(", ") : "all"} → dist/`);

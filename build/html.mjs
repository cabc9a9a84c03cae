import { readFileSync } from "node:fs";
// One self-contained HTML file: Figma loads ui.html as a string, so nothing may be a separate file.
// The engine bundle goes in as a non-executing script block (id must match
// src/ui/engine-link/engine-source.ts): the page starts it as a worker, or runs it itself as the fallback.
export const ENGINE_SCRIPT_ID = "restyle-engine";
// h5wasm, gzip + base64, only in the one-file Figma panel (id must match src/weights/browser/h5wasm-loader.ts).
export const H5WASM_SCRIPT_ID = "restyle-h5wasm";

/** Script text safe inside <script>…</script>: "</script" would end the tag early, "<!--" can keep it from ending. */
function scriptSafe(js) {
  return js.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
}

/** The favicon, inline (a data: URL), so no page asks its host for /favicon.ico and logs a 404. */
const FAVICON = `data:image/svg+xml;base64,${readFileSync(new URL("../assets/brand/icon.svg", import.meta.url)).toString("base64")}`;

export function inlineHtml({ js, css, title, engine = "", h5wasm = "" }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" type="image/svg+xml" href="${FAVICON}">
<style>${css}</style>
</head>
<body>
<div id="app"></div>
${engine ? `<script type="text/plain" id="${ENGINE_SCRIPT_ID}">${scriptSafe(engine)}</script>\n` : ""}${h5wasm ? `<script type="text/plain" id="${H5WASM_SCRIPT_ID}">${h5wasm}</script>\n` : ""}<script>${scriptSafe(js)}</script>
</body>
</html>
`;
}

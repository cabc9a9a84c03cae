// One self-contained HTML file: Figma loads ui.html as a string, so nothing may be a separate file.
// The engine bundle goes in as a non-executing script block (id must match
// src/ui/run/engine-source.ts): the page starts it as a worker, or runs it itself as the fallback.
export const ENGINE_SCRIPT_ID = "restyle-engine";

/** Script text safe inside <script>…</script>: "</script" would end the tag early, "<!--" can keep it from ending. */
function scriptSafe(js) {
  return js.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
}

export function inlineHtml({ js, css, title, engine = "" }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${css}</style>
</head>
<body>
<div id="app"></div>
${engine ? `<script type="text/plain" id="${ENGINE_SCRIPT_ID}">${scriptSafe(engine)}</script>\n` : ""}<script>${scriptSafe(js)}</script>
</body>
</html>
`;
}

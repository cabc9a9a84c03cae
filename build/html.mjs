// One self-contained HTML file: Figma loads ui.html as a string, so nothing may be a separate file.
export function inlineHtml({ js, css, title }) {
  // "</script" inside the bundle would end the tag early.
  const safeJs = js.replace(/<\/script/gi, "<\\/script");
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
<script>${safeJs}</script>
</body>
</html>
`;
}

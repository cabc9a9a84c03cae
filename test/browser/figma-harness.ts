/**
 * A page that plays Figma's part around dist/ui.html: it frames the panel, answers the panel's
 * messages as the sandbox would (selection, settings, exports with real PNG bytes, placement), and
 * records everything for the test to read. It can also apply Figma's theme the way themeColors
 * does (a figma-light/figma-dark class on <html> plus --figma-color-* variables).
 */
export const HARNESS_PATH = "/harness.html";

export interface HarnessLayer {
  id: string;
  name: string;
  width: number;
  height: number;
  /** URL on the test server that serves this layer's PNG. */
  src: string;
}

/** Figma's published theme variables (a representative subset, light and dark). */
export const FIGMA_THEMES = {
  light: { "--figma-color-bg": "#ffffff", "--figma-color-bg-secondary": "#f5f5f5", "--figma-color-text": "#000000e5", "--figma-color-text-secondary": "#00000080", "--figma-color-border": "#e6e6e6", "--figma-color-bg-brand": "#0d99ff" },
  dark: { "--figma-color-bg": "#2c2c2c", "--figma-color-bg-secondary": "#383838", "--figma-color-text": "#ffffff", "--figma-color-text-secondary": "#ffffffb3", "--figma-color-border": "#444444", "--figma-color-bg-brand": "#0c8ce9" },
} as const;

/** `sandbox` frames the panel the way Figma does: `sandbox="allow-scripts"`, so the panel has a null origin. */
export function harnessHtml(layers: HarnessLayer[], settings: Record<string, unknown>, opts: { sandbox?: boolean } = {}): string {
  return `<!doctype html>
<html><body style="margin:0">
<iframe id="ui" src="/ui.html" ${opts.sandbox ? 'sandbox="allow-scripts"' : ""} style="width:320px;height:640px;border:0"></iframe>
<script>
const layers = ${JSON.stringify(layers)};
const stored = ${JSON.stringify(settings)};
const frame = document.getElementById("ui");
const bytes = {};
window.log = [];      // every message from the panel, with bytes replaced by their length
window.exports = [];  // { id, maxSide }
window.placed = [];   // PlaceRequest objects (png kept as Uint8Array)
window.saved = [];
window.ready = Promise.all(layers.map(async (l) => { bytes[l.id] = new Uint8Array(await (await fetch(l.src)).arrayBuffer()); }));
const post = (m) => frame.contentWindow.postMessage({ pluginMessage: m }, "*");
window.addEventListener("message", async (e) => {
  if (e.source !== frame.contentWindow || !e.data || typeof e.data !== "object") return;
  const m = e.data.pluginMessage;
  if (!m) return;
  window.log.push({ type: m.type, pngIsBytes: m.request ? m.request.png instanceof Uint8Array : undefined });
  await window.ready;
  switch (m.type) {
    case "ready":
      post({ type: "selection", choice: { layers: layers.map((l) => ({ id: l.id, name: l.name, width: l.width, height: l.height, thumbnail: bytes[l.id] })), contentId: layers[0].id, styleIds: layers.slice(1).map((l) => l.id), problem: null } });
      break;
    case "load-settings": post({ type: "settings", requestId: m.requestId, settings: stored }); break;
    case "save-settings": window.saved.push(m.settings); post({ type: "saved", requestId: m.requestId }); break;
    case "export":
      window.exports.push({ id: m.id, maxSide: m.maxSide });
      post({ type: "exported", requestId: m.requestId, png: bytes[m.id], width: 0, height: 0 });
      break;
    case "place":
      window.placed.push(m.request);
      post({ type: "placed", requestId: m.requestId, nodeId: "9:" + window.placed.length });
      break;
  }
});
window.setTheme = (name, vars) => {
  const doc = frame.contentDocument;
  doc.documentElement.classList.remove("figma-light", "figma-dark");
  doc.documentElement.classList.add("figma-" + name);
  let style = doc.getElementById("figma-style");
  if (!style) { style = doc.createElement("style"); style.id = "figma-style"; doc.head.appendChild(style); }
  style.textContent = ":root{" + Object.entries(vars).map(([k, v]) => k + ":" + v).join(";") + "}";
};
</script>
</body></html>`;
}

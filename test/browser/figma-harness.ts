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
  light: {
    "--figma-color-bg": "#ffffff",
    "--figma-color-bg-secondary": "#f5f5f5",
    "--figma-color-bg-hover": "#f5f5f5",
    "--figma-color-bg-selected": "#e5f4ff",
    "--figma-color-text": "#000000e5",
    "--figma-color-text-secondary": "#00000080",
    "--figma-color-text-brand": "#007be5",
    "--figma-color-text-onbrand": "#ffffff",
    "--figma-color-border": "#e6e6e6",
    "--figma-color-border-selected": "#0d99ff",
    "--figma-color-bg-brand": "#0d99ff",
    "--figma-color-bg-brand-hover": "#007be5",
  },
  dark: {
    "--figma-color-bg": "#2c2c2c",
    "--figma-color-bg-secondary": "#383838",
    "--figma-color-bg-hover": "#383838",
    "--figma-color-bg-selected": "#4a5878",
    "--figma-color-text": "#ffffff",
    "--figma-color-text-secondary": "#ffffffb3",
    "--figma-color-text-brand": "#7cc4f8",
    "--figma-color-text-onbrand": "#ffffff",
    "--figma-color-border": "#444444",
    "--figma-color-border-selected": "#0c8ce9",
    "--figma-color-bg-brand": "#0c8ce9",
    "--figma-color-bg-brand-hover": "#0a6dc2",
  },
} as const;

/**
 * A Content-Security-Policy for the panel's document as Figma's UI iframe has one: inline scripts
 * and styles (ui.html is one file), images from data: and blob:, no network, and `workers` as the
 * worker-src (e.g. "data:" or "'none'").
 */
export function figmaCsp(workers: string): string {
  return `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; worker-src ${workers}`;
}

/**
 * Records long tasks, the time blocked in shader compiles and synchronous GPU reads in the panel's frame from its first script on, and the warm-up windows: Run
 * to the first iteration, and from each scale's last iteration shown to the next scale's first
 * (a new working size: its shaders compile then). A window's start is null for "from Run".
 */
const LONG_TASK_PROBE = `<script>(() => {
  const tasks = (window.__longTasks = []);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push({ start: e.startTime, ms: e.duration }); }).observe({ type: "longtask", buffered: true });
  // A readPixels into memory blocks the thread until the GPU is done; into a pixel-pack buffer it does not.
  window.__syncReads = 0;
  window.__bufferReads = 0;
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext].filter(Boolean)) {
    const read = C.prototype.readPixels;
    C.prototype.readPixels = function (...a) {
      if (ArrayBuffer.isView(a[6])) window.__syncReads++;
      else window.__bufferReads++;
      return read.apply(this, a);
    };
  }
  // Time blocked in shader compiles: the calls that wait for a compile or link to finish.
  const compiles = (window.__compiles = []);
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext].filter(Boolean)) {
    for (const name of ["compileShader", "linkProgram", "getShaderParameter", "getProgramParameter", "getUniformLocation", "getAttribLocation"]) {
      const f = C.prototype[name];
      C.prototype[name] = function (...a) {
        const t = performance.now();
        try {
          return f.apply(this, a);
        } finally {
          const d = performance.now() - t;
          if (d > 0.5) compiles.push([t, d]);
        }
      };
    }
  }
  // Which programs are built when: each shader's source as it is set (an excerpt from its main).
  const sources = (window.__shaderSources = []);
  for (const C of [window.WebGL2RenderingContext, window.WebGLRenderingContext].filter(Boolean)) {
    const f = C.prototype.shaderSource;
    C.prototype.shaderSource = function (shader, src) {
      const at = src.indexOf("void main");
      if (at >= 0) sources.push([performance.now(), src.slice(at, at + 200).replace(/\\s+/g, " ")]);
      return f.call(this, shader, src);
    };
  }
  const warm = (window.__warmUp = []);
  window.__iterations = [];
  const states = (window.__states = []);
  let prev = null;
  new MutationObserver(() => {
    const state = document.querySelector("main")?.dataset.state;
    if (state && state !== states.at(-1)?.[1]) states.push([performance.now(), state]);
    const p = document.querySelector("progress");
    const it = Number(p?.dataset.iteration ?? 0), scale = Number(p?.dataset.scale ?? 0), now = performance.now();
    if (it < 1 || (prev && it === prev.it)) return;
    window.__iterations.push([now, it, scale]);
    if (!prev || it < prev.it) warm.push([null, now]);
    else if (scale !== prev.scale) warm.push([prev.at, now]);
    prev = { it, scale, at: now };
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();</script>`;

/**
 * A GPU blocklisted for OffscreenCanvas: the engine's data: URL worker gets no WebGL while the page
 * keeps it. The patch is prepended to the worker's own script, so it is in place before any of the
 * engine's code runs there (patching the worker from outside raced the estimate probe's start).
 */
const NO_WORKER_WEBGL = `<script>(() => {
  const patch = "(() => { const get = OffscreenCanvas.prototype.getContext; OffscreenCanvas.prototype.getContext = function (t, ...r) { return /webgl/.test(t) ? null : get.call(this, t, ...r); }; })();\\n";
  const Native = window.Worker;
  function patched(url) {
    if (typeof url !== "string" || !url.startsWith("data:")) return url;
    const comma = url.indexOf(",");
    const meta = url.slice(0, comma), body = url.slice(comma + 1);
    return meta.endsWith(";base64") ? meta + "," + btoa(patch + atob(body)) : meta + "," + encodeURIComponent(patch) + body;
  }
  window.Worker = function Worker(url, options) { return new Native(patched(url), options); };
  window.Worker.prototype = Native.prototype;
})();</script>`;

/**
 * The responsiveness recorder (query `watch=1`, beside the long-task probe): Event Timing for clicks,
 * the panel's phase at every change (its state, the status line, the engine requests in flight), and
 * the engine's first shader compile, wherever it runs. The engine's data: URL worker is wrapped: the
 * page side sees each request and reply (and can hold replies of a type, `__holdEngine(type)`, to keep
 * a phase open; `__releaseEngine()` lets those held so far through, in order; `__holdEngine(null)` stops holding), and a line prepended to the worker's
 * script reports its first compileShader, in this frame's time, on a message the wrapper keeps to itself.
 */
const WATCH_PROBE = `<script>(() => {
  const w = window;
  w.__events = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__events.push({ name: e.name, start: e.startTime, processingStart: e.processingStart, processingEnd: e.processingEnd, ms: e.duration }); }).observe({ type: "event", durationThreshold: 16, buffered: true });
  w.__inFlight = new Map();
  w.__firstCompile = null;
  for (const C of [w.WebGL2RenderingContext, w.WebGLRenderingContext].filter(Boolean)) {
    const f = C.prototype.compileShader;
    C.prototype.compileShader = function (...a) { w.__firstCompile ??= performance.now(); return f.apply(this, a); };
  }
  const phaseOf = () => {
    const state = document.querySelector("main")?.dataset.state ?? "opening";
    const types = [...w.__inFlight.values()];
    if (state === "running") {
      const line = document.querySelector('[data-status="line"]')?.textContent ?? "";
      if (/Adding|Plac/i.test(line)) return "placing";
      if (/Export/i.test(line)) return "exporting";
      if (types.includes("run")) return "run";
      if (types.includes("load-weights")) return "weights";
      if (types.includes("start")) return "start";
      return /Restyl/i.test(line) ? "run" : "weights";
    }
    if (types.includes("run")) return "probe";
    if (types.includes("load-weights")) return "weights";
    if (types.includes("start")) return "start";
    return state;
  };
  const phases = (w.__phases = []);
  w.__notePhase = () => { const p = phaseOf(); if (p !== phases.at(-1)?.[1]) phases.push([performance.now(), p]); };
  new MutationObserver(w.__notePhase).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const held = [];
  let holding = __HOLD__;
  w.__holdEngine = (type) => { holding = type; };
  w.__releaseEngine = () => { for (const f of held.splice(0)) f(); };
  w.__heldEngine = () => held.length;
  const patch = "(() => { let first = true; for (const C of [self.WebGL2RenderingContext, self.WebGLRenderingContext].filter(Boolean)) { const f = C.prototype.compileShader; C.prototype.compileShader = function (...a) { if (first) { first = false; self.postMessage({ __watch: 'compile', at: performance.timeOrigin + performance.now() }); } return f.apply(this, a); }; } })();\\n";
  const Native = w.Worker;
  w.Worker = function Worker(url, options) {
    let u = url;
    if (typeof url === "string" && url.startsWith("data:")) {
      const comma = url.indexOf(","), meta = url.slice(0, comma), body = url.slice(comma + 1);
      u = meta.endsWith(";base64") ? meta + "," + btoa(patch + atob(body)) : meta + "," + encodeURIComponent(patch) + body;
    }
    const worker = new Native(u, options);
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (m, t) => {
      if (m && typeof m === "object" && typeof m.id === "number" && m.type !== "cancel") w.__inFlight.set(m.id, m.type);
      if (m && m.type === "cancel") w.__inFlight.delete(m.id);
      w.__notePhase();
      return post(m, t);
    };
    const add = worker.addEventListener.bind(worker);
    const listeners = [];
    add("message", (e) => {
      const d = e.data;
      if (d && d.__watch === "compile") { w.__firstCompile = Math.min(w.__firstCompile ?? Infinity, d.at - performance.timeOrigin); return; }
      const deliver = () => {
        if (d && typeof d.id === "number" && ["backend", "weights-ready", "weights-installed", "result", "error"].includes(d.type)) w.__inFlight.delete(d.id);
        for (const l of listeners) l.call(worker, e);
        w.__notePhase();
      };
      if (holding && d && d.type === holding) held.push(deliver); else deliver();
    });
    worker.addEventListener = (type, l, o) => (type === "message" ? listeners.push(l) : add(type, l, o));
    return worker;
  };
  w.Worker.prototype = Native.prototype;
})();</script>`;

/** A JS string literal of `html`, safe inside the harness's own <script> (no "</" to close it early). */
const scriptLiteral = (html: string) => JSON.stringify(html).replace(/<\//g, "<\\/");

/**
 * `sandbox` frames the panel the way Figma does: `sandbox="allow-scripts"`, so the panel has a null origin.
 * Query parameters of the harness page: `csp=…` loads ui.html's text into a sandboxed `srcdoc`
 * frame with that policy injected (and the long-task probe); `keep=1` keeps saved settings in the
 * harness's sessionStorage (standing in for figma.clientStorage), so a reload reads them back;
 * `noWorkerWebgl=1` takes WebGL from the engine's data: URL worker only; `watch=1` adds the
 * responsiveness recorder (WATCH_PROBE). `window.holdPlace = {}` holds the next placement's answer
 * until `window.holdPlace.release()`.
 */
export function harnessHtml(layers: HarnessLayer[], settings: Record<string, unknown>, opts: { sandbox?: boolean } = {}): string {
  return `<!doctype html>
<html><body style="margin:0">
<iframe id="ui" ${opts.sandbox ? 'sandbox="allow-scripts"' : ""} style="width:320px;height:640px;border:0"></iframe>
<script>
const layers = ${JSON.stringify(layers)};
const query = new URLSearchParams(location.search);
const keep = query.get("keep") === "1";
const stored = keep && sessionStorage.getItem("clientStorage") ? JSON.parse(sessionStorage.getItem("clientStorage")) : ${JSON.stringify(settings)};
const frame = document.getElementById("ui");
if (query.has("csp")) {
  frame.setAttribute("sandbox", "allow-scripts");
  window.frameLoaded = fetch("/ui.html").then((r) => r.text()).then((html) => {
    const head = '<meta http-equiv="Content-Security-Policy" content="' + query.get("csp").replace(/"/g, "&quot;") + '">' + ${scriptLiteral(LONG_TASK_PROBE)} + (query.get("noWorkerWebgl") === "1" ? ${scriptLiteral(NO_WORKER_WEBGL)} : "") + (query.get("watch") === "1" ? ${scriptLiteral(WATCH_PROBE)}.replace("__HOLD__", JSON.stringify(query.get("hold"))) : "");
    frame.srcdoc = html.replace("<head>", "<head>" + head);
  });
} else {
  frame.src = "/ui.html";
}
const bytes = {};
window.log = [];      // every message from the panel, with bytes replaced by their length
window.exports = [];  // { id, maxSide }
window.placed = [];   // PlaceRequest objects of single places (png kept as Uint8Array)
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
    case "save-settings":
      window.saved.push(m.settings);
      if (keep) sessionStorage.setItem("clientStorage", JSON.stringify(m.settings));
      post({ type: "saved", requestId: m.requestId });
      break;
    case "export":
      window.exports.push({ id: m.id, maxSide: m.maxSide });
      // A test can hold one layer's export (window.hold = { id }) to act at a known point of a run, then release it.
      if (window.hold && window.hold.id === m.id) await new Promise((ok) => (window.hold.release = ok));
      post({ type: "exported", requestId: m.requestId, png: bytes[m.id], width: 0, height: 0 });
      break;
    case "place":
      window.placed.push(m.request);
      // A test can hold the next placement (window.holdPlace = {}) to act while the panel is placing, then release it.
      if (window.holdPlace) { const h = window.holdPlace; await new Promise((ok) => (h.release = ok)); }
      post({ type: "placed", requestId: m.requestId, nodeId: "9:" + window.placed.length });
      break;
    case "stage":
      (staged[m.batchId] ??= [])[m.index] = m.request;
      post({ type: "staged", requestId: m.requestId });
      break;
    case "place-staged": {
      // One undo step for the whole batch, as the sandbox does: recorded as one entry.
      const batch = staged[m.batchId] ?? [];
      delete staged[m.batchId];
      window.batches.push(batch);
      post({ type: "placed-all", requestId: m.requestId, nodeIds: batch.map((_, i) => "8:" + window.batches.length + "." + (i + 1)) });
      break;
    }
  }
});
const staged = {};
window.batches = [];  // PlaceRequest[] per place-staged, in order
/**
 * Posts a selection as the sandbox would: each layer of choice.layers gets the thumbnail bytes of
 * the harness layer named by its "like" (default: its own id), and exports of its id serve them.
 */
window.postChoice = async (choice) => {
  await window.ready;
  const out = { ...choice, layers: choice.layers.map(({ like, ...l }) => {
    const b = bytes[like ?? l.id];
    if (like) bytes[l.id] = b;
    return b ? { ...l, thumbnail: b } : l;
  }) };
  post({ type: "selection", choice: out });
};
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

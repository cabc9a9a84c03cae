/**
 * The messages between the panel and its engine (a worker, or the panel's own thread behind a
 * MessageChannel), and the checks each side runs on what it receives. Structured clone keeps types only loosely (a worker could be an older build, or a bug
 * could post the wrong shape), so nothing is used before it is parsed here.
 *
 * Pixels travel as ArrayBuffers in the transfer list: the sender gives them up, nothing is copied.
 */
import { RestyleError, type RestyleErrorCode } from "../engine/errors";
import { isNum, isObj, isStr } from "../kit/guards";
import type { LossParts, PresetName, Progress, RgbaImage, StylizeOptions, StylizeStats } from "../engine/types";
import { parseProbeResult, type ProbeResult } from "./probe-result";

/** An image as it crosses the boundary: its bytes in an ArrayBuffer of exactly width × height × 4. */
export interface WireImage {
  width: number;
  height: number;
  data: ArrayBuffer;
}

export interface WireStyle {
  image: WireImage;
  weight?: number;
}

export type ToWorker =
  /** Start tfjs on the best backend the worker has; answered with "backend". */
  | { type: "start"; id: number }
  /** Files the user picked (manifest.json + shards); answered with "weights-installed". */
  | { type: "install-weights"; id: number; files: Array<[string, ArrayBuffer]> }
  /** Make (and keep) the preset's tensors from its file set, sent by the page; "weights-progress"…, then "weights-ready". */
  | { type: "load-weights"; id: number; preset: PresetName; files: Array<[string, ArrayBuffer]> }
  /** One stylize run on the preset's cached weights; "progress"…, then "result". */
  | { type: "run"; id: number; preset: PresetName; content: WireImage; styles: WireStyle[]; init?: WireImage; options: Partial<StylizeOptions> }
  /** PNG or JPEG bytes to pixels, off the panel's thread ("what" names the image in an error); answered with "decoded". */
  | { type: "decode"; id: number; bytes: ArrayBuffer; what: string }
  /** Pixels to PNG bytes, off the panel's thread; answered with "encoded". */
  | { type: "encode"; id: number; image: WireImage }
  /** Abort the request with this id (a load or a run); it then fails with code "cancelled". */
  | { type: "cancel"; id: number };

export type FromWorker =
  /** The worker's script ran and it listens: sent once, unasked. */
  | { type: "ready" }
  | { type: "backend"; id: number; name: string; note: string | null; probe?: ProbeResult }
  | { type: "weights-installed"; id: number; preset: PresetName; layers: number }
  | { type: "weights-progress"; id: number; loaded: number; total: number }
  | { type: "weights-ready"; id: number }
  | { type: "progress"; id: number; progress: Omit<Progress, "preview">; preview?: WireImage }
  | { type: "result"; id: number; image: WireImage; stats: StylizeStats }
  | { type: "decoded"; id: number; image: WireImage }
  | { type: "encoded"; id: number; png: ArrayBuffer }
  | { type: "error"; id: number; code: RestyleErrorCode; message: string; detail?: string }
  /** The worker's WebGL context died: every request in flight is lost with it. Unasked. */
  | { type: "context-lost" };

/** Every code, so a code from the other side can be checked at run time (a missing one fails the typecheck). */
const ERROR_CODES: Record<RestyleErrorCode, true> = {
  "bad-image": true,
  "image-too-large": true,
  "transparent-image": true,
  "bad-options": true,
  "weights-missing": true,
  "weights-corrupt": true,
  "weights-network": true,
  "backend-unavailable": true,
  "context-lost": true,
  "out-of-memory": true,
  cancelled: true,
};

const isId = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isPreset = (v: unknown): v is PresetName => v === "lite" || v === "full";

// ---- images ----

/** Copies an image's bytes into a fresh buffer the caller may transfer (the original stays usable). */
export function toWire(img: RgbaImage): WireImage {
  return { width: img.width, height: img.height, data: img.data.slice().buffer as ArrayBuffer };
}

/** Wraps a received image's buffer without copying; it belongs to this side after the transfer. */
export function fromWire(w: WireImage): RgbaImage {
  return { width: w.width, height: w.height, data: new Uint8Array(w.data) };
}

/** Hands an engine image over without copying when its bytes fill their buffer exactly (the engine's own results do). */
export function ownWire(img: RgbaImage): WireImage {
  const d = img.data;
  return d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && d.buffer instanceof ArrayBuffer
    ? { width: img.width, height: img.height, data: d.buffer }
    : toWire(img);
}

function isWireImage(v: unknown): v is WireImage {
  return (
    isObj(v) &&
    Number.isInteger(v.width) &&
    Number.isInteger(v.height) &&
    (v.width as number) > 0 &&
    (v.height as number) > 0 &&
    v.data instanceof ArrayBuffer &&
    v.data.byteLength === (v.width as number) * (v.height as number) * 4
  );
}

function isStyle(v: unknown): v is WireStyle {
  return isObj(v) && isWireImage(v.image) && (v.weight === undefined || isNum(v.weight));
}

// ---- progress and stats ----

function isLoss(v: unknown): v is LossParts {
  return isObj(v) && ["total", "content", "style", "tv"].every((k) => typeof v[k] === "number");
}

const PROGRESS_NUMBERS = ["iteration", "totalIterations", "scaleIndex", "scaleCount", "width", "height", "evaluations", "elapsedMs", "etaMs"] as const;
/** Where a scale stands among its tiles: whole numbers, the index within the count. */
const isTileOf = (i: unknown, n: unknown) => Number.isInteger(i) && Number.isInteger(n) && (i as number) >= 0 && (i as number) < (n as number);

function isProgress(v: unknown): v is Omit<Progress, "preview"> {
  return isObj(v) && PROGRESS_NUMBERS.every((k) => typeof v[k] === "number") && isTileOf(v.tileIndex, v.tileCount) && isLoss(v.loss);
}

function isStats(v: unknown): v is StylizeStats {
  return (
    isObj(v) &&
    ["iterations", "evaluations", "elapsedMs", "msPerIteration", "peakBytes"].every((k) => typeof v[k] === "number") &&
    isLoss(v.lossStart) &&
    isLoss(v.lossEnd) &&
    isStr(v.backend) &&
    Array.isArray(v.scales) &&
    v.scales.every((s) => Array.isArray(s) && s.length === 2 && s.every(Number.isInteger)) &&
    Array.isArray(v.tiles) &&
    v.tiles.length === v.scales.length &&
    v.tiles.every((t) => Number.isInteger(t) && t >= 1)
  );
}

function isFiles(v: unknown): v is Array<[string, ArrayBuffer]> {
  return Array.isArray(v) && v.every((f) => Array.isArray(f) && f.length === 2 && isStr(f[0]) && f[1] instanceof ArrayBuffer);
}

/** A weights file set as it crosses the boundary; copies, so the page keeps its bytes for a fresh engine. */
export function filesToWire(files: ReadonlyMap<string, Uint8Array>): Array<[string, ArrayBuffer]> {
  return [...files].map(([n, b]) => [n, b.slice().buffer as ArrayBuffer]);
}

export function filesFromWire(files: Array<[string, ArrayBuffer]>): Map<string, Uint8Array> {
  return new Map(files.map(([n, b]) => [n, new Uint8Array(b)]));
}

// ---- parsers: null for anything malformed ----

export function parseToWorker(v: unknown): ToWorker | null {
  if (!isObj(v) || !isId(v.id)) return null;
  switch (v.type) {
    case "start":
    case "cancel":
      return { type: v.type, id: v.id };
    case "load-weights":
      return isPreset(v.preset) && isFiles(v.files) ? { type: "load-weights", id: v.id, preset: v.preset, files: v.files } : null;
    case "install-weights":
      return isFiles(v.files) ? { type: "install-weights", id: v.id, files: v.files } : null;
    case "decode":
      return v.bytes instanceof ArrayBuffer && isStr(v.what) ? { type: "decode", id: v.id, bytes: v.bytes, what: v.what } : null;
    case "encode":
      return isWireImage(v.image) ? { type: "encode", id: v.id, image: v.image } : null;
    case "run":
      // The options are checked again, field by field, by the engine's resolveOptions.
      if (!isPreset(v.preset) || !isWireImage(v.content) || !Array.isArray(v.styles) || !v.styles.every(isStyle) || !isObj(v.options)) return null;
      if (v.init !== undefined && !isWireImage(v.init)) return null;
      return {
        type: "run",
        id: v.id,
        preset: v.preset,
        content: v.content,
        styles: v.styles,
        options: v.options as Partial<StylizeOptions>,
        ...(v.init ? { init: v.init } : {}),
      };
    default:
      return null;
  }
}

export function parseFromWorker(v: unknown): FromWorker | null {
  if (!isObj(v)) return null;
  if (v.type === "ready" || v.type === "context-lost") return { type: v.type };
  if (!isId(v.id)) return null;
  const id = v.id;
  switch (v.type) {
    case "backend":
      if (!isStr(v.name) || !(v.note === null || isStr(v.note))) return null;
      if (v.probe === undefined) return { type: "backend", id, name: v.name, note: v.note };
      {
        const probe = parseProbeResult(v.probe);
        return probe ? { type: "backend", id, name: v.name, note: v.note, probe } : null;
      }
    case "weights-installed":
      return isPreset(v.preset) && Number.isInteger(v.layers) ? { type: "weights-installed", id, preset: v.preset, layers: v.layers as number } : null;
    case "weights-progress":
      return isNum(v.loaded) && isNum(v.total) ? { type: "weights-progress", id, loaded: v.loaded, total: v.total } : null;
    case "weights-ready":
      return { type: "weights-ready", id };
    case "progress":
      if (!isProgress(v.progress) || (v.preview !== undefined && !isWireImage(v.preview))) return null;
      return { type: "progress", id, progress: v.progress, ...(v.preview ? { preview: v.preview } : {}) };
    case "result":
      return isWireImage(v.image) && isStats(v.stats) ? { type: "result", id, image: v.image, stats: v.stats } : null;
    case "decoded":
      return isWireImage(v.image) ? { type: "decoded", id, image: v.image } : null;
    case "encoded":
      return v.png instanceof ArrayBuffer ? { type: "encoded", id, png: v.png } : null;
    case "error":
      return isStr(v.code) && v.code in ERROR_CODES && isStr(v.message) && (v.detail === undefined || isStr(v.detail))
        ? { type: "error", id, code: v.code as RestyleErrorCode, message: v.message, ...(v.detail !== undefined ? { detail: v.detail } : {}) }
        : null;
    default:
      return null;
  }
}

/** The error message for a RestyleError (the worker's errors keep their code and words). */
export function errorMessage(id: number, e: RestyleError): FromWorker {
  return { type: "error", id, code: e.code, message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}) };
}

export function errorFrom(m: Extract<FromWorker, { type: "error" }>): RestyleError {
  return new RestyleError(m.code, m.message, m.detail);
}

/** The buffers to transfer with a message (each at most once, or postMessage throws). */
export function transferables(m: ToWorker | FromWorker): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  if (m.type === "run") {
    out.add(m.content.data);
    for (const s of m.styles) out.add(s.image.data);
    if (m.init) out.add(m.init.data);
  } else if (m.type === "install-weights" || m.type === "load-weights") {
    for (const [, b] of m.files) out.add(b);
  } else if (m.type === "progress" && m.preview) {
    out.add(m.preview.data);
  } else if (m.type === "result" || m.type === "decoded" || m.type === "encode") {
    out.add(m.image.data);
  } else if (m.type === "decode") {
    out.add(m.bytes);
  } else if (m.type === "encoded") {
    out.add(m.png);
  }
  return [...out];
}

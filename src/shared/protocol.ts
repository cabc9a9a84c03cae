/**
 * Every message between the Figma sandbox (src/plugin) and the panel (src/ui/hosts/figma.ts).
 * One discriminated union per direction; nothing crosses the frame without passing the matching
 * validator, because the other side is a separate JS realm that could be stale or hostile.
 * Image bytes travel as Uint8Array (structured clone), one image per message, never JSON.
 *
 * A batch (several results placed as one undo step) is therefore staged: one "stage" message per
 * result (batchId, its index, the batch's count; each answered "staged" once its image checks out),
 * then "place-staged", which places them all or none and answers "placed-all" with the ids in
 * order. Staging keeps every message to one image however large the batch, and lets the sandbox
 * refuse a bad image as it arrives; the sandbox holds one batch at a time, so a batch abandoned
 * midway (cancel, close) is dropped by the next and never placed. A single result may still go as
 * one "place".
 */
import { isBool, isBytes, isInt, isNonNegInt, isNum, isObj, isSize, isStr, isStrArray, type Obj } from "../kit/guards";
import { MAX_ID_CHARS, MAX_RECORD_CHARS } from "../engine/defaults";
import { isPlaceMode, isRoles, MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS, type LayerChoice, type LayerInfo, type PlaceRequest, type Recall } from "./layers";
import { parseResultParams } from "./result-params";
import { isPartialSettings, isSettings, type PanelSettings } from "./settings";

/** Panel → sandbox. Requests carry `requestId`; the sandbox answers with the same id. */
export type UiToSandbox =
  | { type: "ready" }
  | { type: "export"; requestId: number; id: string; maxSide: number }
  | { type: "place"; requestId: number; request: PlaceRequest }
  /** Result `index` of `count` in batch `batchId` (see above). */
  | { type: "stage"; requestId: number; batchId: number; index: number; count: number; request: PlaceRequest }
  | { type: "place-staged"; requestId: number; batchId: number; count: number }
  | { type: "load-settings"; requestId: number }
  | { type: "save-settings"; requestId: number; settings: PanelSettings }
  | { type: "notify"; message: string; error: boolean };

/** Sandbox → panel. */
export type SandboxToUi =
  | { type: "selection"; choice: LayerChoice }
  | { type: "exported"; requestId: number; png: Uint8Array; width: number; height: number }
  | { type: "placed"; requestId: number; nodeId: string }
  | { type: "staged"; requestId: number }
  /** The batch is in the document as one undo step: one id per result, in order. */
  | { type: "placed-all"; requestId: number; nodeIds: string[] }
  | { type: "settings"; requestId: number; settings: Partial<PanelSettings> }
  | { type: "saved"; requestId: number }
  /** A request failed; `message` is for the user, in plain words. */
  | { type: "failed"; requestId: number; message: string };

function isLayerInfo(x: unknown): x is LayerInfo {
  return (
    isObj(x) &&
    isStr(x.id) &&
    isStr(x.name) &&
    isSize(x.width) &&
    isSize(x.height) &&
    (x.thumbnail === undefined || isBytes(x.thumbnail)) &&
    (x.noFill === undefined || isStr(x.noFill))
  );
}

function isRecall(x: unknown): x is Recall {
  const params = isObj(x) ? parseResultParams(x.params) : null;
  return isObj(x) && params !== null && isPlaceMode(x.mode) && isBool(x.contentGone) && isIndicesBelow(x.goneStyles, params.styleNames.length);
}

/** Distinct whole numbers in [0, n), ascending: which of n recorded items. */
function isIndicesBelow(x: unknown, n: number): x is number[] {
  return Array.isArray(x) && x.every((v, i) => isNonNegInt(v) && v < n && (i === 0 || v > x[i - 1]));
}

function isLayerChoice(x: unknown): x is LayerChoice {
  return (
    isObj(x) &&
    Array.isArray(x.layers) &&
    x.layers.every(isLayerInfo) &&
    (x.contentId === null || isStr(x.contentId)) &&
    isStrArray(x.styleIds) &&
    (x.problem === null || isStr(x.problem)) &&
    (x.resultId === undefined || isStr(x.resultId)) &&
    (x.note === undefined || isStr(x.note)) &&
    (x.recall === undefined || isRecall(x.recall))
  );
}

/** An id the sandbox could have handed out: a short string (longer ones are refused unread). */
const isId = (v: unknown): v is string => isStr(v) && v.length > 0 && v.length <= MAX_ID_CHARS;

/** Parameters to record: a plain object whose JSON stays within MAX_RECORD_CHARS. */
function isRecordParams(v: unknown): boolean {
  if (!isObj(v)) return false;
  try {
    return JSON.stringify(v).length <= MAX_RECORD_CHARS;
  } catch {
    return false; // a cycle, a BigInt: not a record
  }
}

function isPlaceRequest(x: unknown): x is PlaceRequest {
  return (
    isObj(x) &&
    isRoles(x) &&
    isId(x.contentId) &&
    x.styleIds.length <= MAX_STYLE_LAYERS &&
    x.styleIds.every(isId) &&
    isBytes(x.png) &&
    isInt(x.width) &&
    isInt(x.height) &&
    (x.width as number) > 0 &&
    (x.height as number) > 0 &&
    isStr(x.name) &&
    isRecordParams(x.params) &&
    (x.replaceId === undefined || isId(x.replaceId)) &&
    (x.mode === undefined || isPlaceMode(x.mode))
  );
}

const isBatchCount = (v: unknown): boolean => isInt(v) && v >= 1 && v <= MAX_CONTENT_LAYERS;

/** A check for every field of a message but its `type`: a table that misses one does not compile. */
type FieldChecks<M> = { [K in Exclude<keyof M, "type">]-?: (v: unknown) => boolean };
type Checks<U extends { type: string }> = { [T in U["type"]]: FieldChecks<Extract<U, { type: T }>> };

/** The message if its type is in the table and every field passes, rebuilt from those fields only. */
function parseBy<U extends { type: string }>(checks: Checks<U>, x: unknown): U | null {
  if (!isObj(x) || !isStr(x.type) || !Object.prototype.hasOwnProperty.call(checks, x.type)) return null;
  const fields: Record<string, (v: unknown) => boolean> = checks[x.type as U["type"]];
  const out: Obj = { type: x.type };
  for (const [k, ok] of Object.entries(fields)) {
    if (!ok(x[k])) return null;
    out[k] = x[k];
  }
  return out as U;
}

const UI_CHECKS: Checks<UiToSandbox> = {
  ready: {},
  export: { requestId: isNonNegInt, id: isId, maxSide: (v) => isNum(v) && v >= 1 },
  place: { requestId: isNonNegInt, request: isPlaceRequest },
  stage: { requestId: isNonNegInt, batchId: isNonNegInt, index: (v) => isNonNegInt(v) && v < MAX_CONTENT_LAYERS, count: isBatchCount, request: isPlaceRequest },
  "place-staged": { requestId: isNonNegInt, batchId: isNonNegInt, count: isBatchCount },
  "load-settings": { requestId: isNonNegInt },
  "save-settings": { requestId: isNonNegInt, settings: isSettings },
  notify: { message: isStr, error: isBool },
};

const SANDBOX_CHECKS: Checks<SandboxToUi> = {
  selection: { choice: isLayerChoice },
  exported: { requestId: isNonNegInt, png: isBytes, width: isSize, height: isSize },
  placed: { requestId: isNonNegInt, nodeId: isStr },
  staged: { requestId: isNonNegInt },
  "placed-all": { requestId: isNonNegInt, nodeIds: (v) => isStrArray(v) && v.length > 0 },
  settings: { requestId: isNonNegInt, settings: isPartialSettings },
  saved: { requestId: isNonNegInt },
  failed: { requestId: isNonNegInt, message: isStr },
};

/** The message the sandbox received from the panel, or null when it is not one of ours. */
export function parseUiMessage(x: unknown): UiToSandbox | null {
  return parseBy(UI_CHECKS, x);
}

/** The message the panel received from the sandbox, or null when it is not one of ours. */
export function parseSandboxMessage(x: unknown): SandboxToUi | null {
  return parseBy(SANDBOX_CHECKS, x);
}

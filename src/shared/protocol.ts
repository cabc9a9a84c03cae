/**
 * Every message between the Figma sandbox (src/plugin) and the panel (src/ui/hosts/figma.ts).
 * One discriminated union per direction; nothing crosses the frame without passing the matching
 * validator, because the other side is a separate JS realm that could be stale or hostile.
 * Image bytes travel as Uint8Array (structured clone), one image per message, never JSON.
 */
import type { PanelSettings } from "../ui/settings";
import { isBool, isBytes, isInt, isNonNegInt, isNum, isObj, isSize, isStr, isStrArray } from "./guards";
import { isRoles, type LayerChoice, type LayerInfo, type PlaceRequest } from "./layers";

/** Panel → sandbox. Requests carry `requestId`; the sandbox answers with the same id. */
export type UiToSandbox =
  | { type: "ready" }
  | { type: "export"; requestId: number; id: string; maxSide: number }
  | { type: "place"; requestId: number; request: PlaceRequest }
  | { type: "load-settings"; requestId: number }
  | { type: "save-settings"; requestId: number; settings: PanelSettings }
  | { type: "notify"; message: string; error: boolean };

/** Sandbox → panel. */
export type SandboxToUi =
  | { type: "selection"; choice: LayerChoice }
  | { type: "exported"; requestId: number; png: Uint8Array; width: number; height: number }
  | { type: "placed"; requestId: number; nodeId: string }
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
    (x.thumbnail === undefined || isBytes(x.thumbnail))
  );
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
    (x.note === undefined || isStr(x.note))
  );
}

function isPlaceRequest(x: unknown): x is PlaceRequest {
  return (
    isObj(x) &&
    isRoles(x) &&
    isBytes(x.png) &&
    isInt(x.width) &&
    isInt(x.height) &&
    (x.width as number) > 0 &&
    (x.height as number) > 0 &&
    isStr(x.name) &&
    isObj(x.params) &&
    (x.replaceId === undefined || isStr(x.replaceId))
  );
}

/** Settings are loose on purpose (old versions stored fewer keys); each present key must have the right type. */
export function isPartialSettings(x: unknown): x is Partial<PanelSettings> {
  if (!isObj(x)) return false;
  const checks: Record<keyof PanelSettings, (v: unknown) => boolean> = {
    strength: isNum,
    preset: (v) => v === "lite" || v === "full",
    size: isNum,
    iterations: isNum,
    preserveColors: isBool,
    styleScale: isNum,
    styleWeights: (v) => Array.isArray(v) && v.every(isNum),
    lastRoles: isRoles,
  };
  return Object.entries(checks).every(([k, ok]) => x[k] === undefined || ok(x[k]));
}

function isFullSettings(x: unknown): x is PanelSettings {
  return (
    isPartialSettings(x) &&
    x.strength !== undefined &&
    x.preset !== undefined &&
    x.size !== undefined &&
    x.iterations !== undefined &&
    x.preserveColors !== undefined &&
    x.styleScale !== undefined &&
    x.styleWeights !== undefined
  );
}

/** The message the sandbox received from the panel, or null when it is not one of ours. */
export function parseUiMessage(x: unknown): UiToSandbox | null {
  if (!isObj(x) || !isStr(x.type)) return null;
  switch (x.type) {
    case "ready":
      return { type: "ready" };
    case "export":
      return isNonNegInt(x.requestId) && isStr(x.id) && isNum(x.maxSide) && x.maxSide >= 1
        ? { type: "export", requestId: x.requestId, id: x.id, maxSide: x.maxSide }
        : null;
    case "place":
      return isNonNegInt(x.requestId) && isPlaceRequest(x.request) ? { type: "place", requestId: x.requestId, request: x.request } : null;
    case "load-settings":
      return isNonNegInt(x.requestId) ? { type: "load-settings", requestId: x.requestId } : null;
    case "save-settings":
      return isNonNegInt(x.requestId) && isFullSettings(x.settings) ? { type: "save-settings", requestId: x.requestId, settings: x.settings } : null;
    case "notify":
      return isStr(x.message) && isBool(x.error) ? { type: "notify", message: x.message, error: x.error } : null;
    default:
      return null;
  }
}

/** The message the panel received from the sandbox, or null when it is not one of ours. */
export function parseSandboxMessage(x: unknown): SandboxToUi | null {
  if (!isObj(x) || !isStr(x.type)) return null;
  switch (x.type) {
    case "selection":
      return isLayerChoice(x.choice) ? { type: "selection", choice: x.choice } : null;
    case "exported":
      return isNonNegInt(x.requestId) && isBytes(x.png) && isSize(x.width) && isSize(x.height)
        ? { type: "exported", requestId: x.requestId, png: x.png, width: x.width, height: x.height }
        : null;
    case "placed":
      return isNonNegInt(x.requestId) && isStr(x.nodeId) ? { type: "placed", requestId: x.requestId, nodeId: x.nodeId } : null;
    case "settings":
      return isNonNegInt(x.requestId) && isPartialSettings(x.settings) ? { type: "settings", requestId: x.requestId, settings: x.settings } : null;
    case "saved":
      return isNonNegInt(x.requestId) ? { type: "saved", requestId: x.requestId } : null;
    case "failed":
      return isNonNegInt(x.requestId) && isStr(x.message) ? { type: "failed", requestId: x.requestId, message: x.message } : null;
    default:
      return null;
  }
}

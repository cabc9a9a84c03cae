/**
 * What a result remembers about how it was made, stored as pluginData (JSON) under one key per
 * kind: a result layer carries RESULT_KEY; a content that took the result as a fill carries
 * FILL_KEY on itself, naming its paint by image hash. Two keys, so a result layer that is later
 * used as a content (and takes a fill) keeps both records.
 */
import { MAX_ID_CHARS } from "../engine/defaults";
import { recordedStylesProblem, type Roles } from "../shared/layers";

export const RESULT_KEY = "restyle";
export const FILL_KEY = "restyle.fill";

export interface ResultRecord extends Roles {
  version: 1;
  /** A ResultParams as the panel sent it; read with parseResultParams (records outlive versions). */
  params: Record<string, unknown>;
}

export interface FillRecord extends ResultRecord {
  /** The hash of the IMAGE paint that is the result, among the content's fills. */
  imageHash: string;
}

function parse(raw: string): (Partial<FillRecord> & Record<string, unknown>) | null {
  if (!raw) return null;
  try {
    const r: unknown = JSON.parse(raw);
    return typeof r === "object" && r !== null && !Array.isArray(r) ? (r as Partial<FillRecord> & Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isId = (s: unknown): s is string => typeof s === "string" && s.length <= MAX_ID_CHARS;

/** A record this version reads, within the limits every recalled record is held to; else null. */
function toRecord(r: ReturnType<typeof parse>): ResultRecord | null {
  if (!r || r.version !== 1 || !isId(r.contentId) || !Array.isArray(r.styleIds) || recordedStylesProblem(r.styleIds.length)) return null;
  const params = typeof r.params === "object" && r.params !== null && !Array.isArray(r.params) ? r.params : {};
  return { version: 1, contentId: r.contentId, styleIds: r.styleIds.filter(isId), params };
}

/** Why this node's Restyle record is not used although it has one (too many styles), as a clause after its name; else null. */
export function refusedRecordReason(node: BaseNode): string | null {
  for (const key of [RESULT_KEY, FILL_KEY]) {
    const r = parse(node.getPluginData(key));
    const why = r && Array.isArray(r.styleIds) ? recordedStylesProblem(r.styleIds.length) : null;
    if (why) return why;
  }
  return null;
}

/** The record of a result layer, or null. */
export function readResultRecord(node: BaseNode): ResultRecord | null {
  return toRecord(parse(node.getPluginData(RESULT_KEY)));
}

export function writeResultRecord(node: BaseNode, r: Omit<ResultRecord, "version">): void {
  node.setPluginData(RESULT_KEY, JSON.stringify({ version: 1, contentId: r.contentId, styleIds: r.styleIds, params: r.params }));
}

/**
 * The record of a Restyle fill on this node, or null. Its content is the node that carries it
 * (a duplicated node carries a copy, and its own paint: updating it updates that copy).
 */
export function readFillRecord(node: BaseNode): FillRecord | null {
  const raw = parse(node.getPluginData(FILL_KEY));
  const r = toRecord(raw);
  if (!r || !raw || typeof raw.imageHash !== "string") return null;
  return { ...r, imageHash: raw.imageHash };
}

export function writeFillRecord(node: BaseNode, r: Omit<FillRecord, "version">): void {
  node.setPluginData(FILL_KEY, JSON.stringify({ version: 1, contentId: r.contentId, styleIds: r.styleIds, params: r.params, imageHash: r.imageHash }));
}

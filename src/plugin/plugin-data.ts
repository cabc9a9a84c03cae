/** What a result layer remembers about how it was made (stored as pluginData under one key). */
import type { Roles } from "../shared/layers";

export const RESULT_KEY = "restyle";

export interface ResultRecord extends Roles {
  version: 1;
  params: Record<string, unknown>;
}

export function readResultRecord(node: BaseNode): ResultRecord | null {
  const raw = node.getPluginData(RESULT_KEY);
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as Partial<ResultRecord>;
    if (r.version !== 1 || typeof r.contentId !== "string" || !Array.isArray(r.styleIds)) return null;
    return { version: 1, contentId: r.contentId, styleIds: r.styleIds.filter((s) => typeof s === "string"), params: r.params ?? {} };
  } catch {
    return null;
  }
}

export function writeResultRecord(node: BaseNode, r: Omit<ResultRecord, "version">): void {
  node.setPluginData(RESULT_KEY, JSON.stringify({ version: 1, ...r }));
}

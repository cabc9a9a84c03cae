/**
 * The folder the first-use download reads: the pinned GitHub copy. RESTYLE_WEIGHTS_MIRROR replaces
 * only its origin, and only with a loopback one (http://127.0.0.1:PORT, localhost, [::1]): tests and
 * offline labs serve the pinned layout locally, while an installed CLI can never be pointed at another
 * host (every file is still checked against the shipped hash table).
 */
import { RestyleError } from "../../engine/errors";
import { PINNED_BASE_URL } from "../core/pinned-source";
import type { Env } from "./cache-dir";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function pinnedWeightsFolder(env: Env = process.env): string {
  const mirror = env.RESTYLE_WEIGHTS_MIRROR;
  if (!mirror) return PINNED_BASE_URL;
  let url: URL | null = null;
  try {
    url = new URL(mirror);
  } catch {
    // reported below
  }
  if (!url || url.protocol !== "http:" || !LOOPBACK.has(url.hostname) || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new RestyleError("bad-options", `RESTYLE_WEIGHTS_MIRROR must be a loopback origin like http://127.0.0.1:8000 (got ${mirror}); it serves the pinned layout ${new URL(PINNED_BASE_URL).pathname}.`, mirror);
  }
  return url.origin + new URL(PINNED_BASE_URL).pathname;
}

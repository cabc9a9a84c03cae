/**
 * Verified Full-weight shards kept by the page's origin (Cache Storage), so the Photopea page and
 * the standalone page download them once. The downloader re-verifies every entry it reads. In the
 * Figma iframe (opaque origin) and outside secure contexts Cache Storage is absent or throws
 * SecurityError: then there is no store and the weights live for the panel's life.
 */
import type { ShardStore } from "../core/download-layers-model";

const CACHE_NAME = "restyle-weights-v1";

let opened: Promise<ShardStore | null> | null = null;

export function openShardCache(): Promise<ShardStore | null> {
  opened ??= open();
  return opened;
}

async function open(): Promise<ShardStore | null> {
  try {
    if (typeof caches === "undefined") return null;
    const c = await caches.open(CACHE_NAME);
    return {
      async get(key) {
        const r = await c.match(key);
        return r ? new Uint8Array(await r.arrayBuffer()) : undefined;
      },
      async put(key, bytes) {
        await c.put(key, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": "application/octet-stream" } }));
      },
      async delete(key) {
        await c.delete(key);
      },
    };
  } catch {
    return null; // SecurityError: an opaque origin
  }
}

/** Removes every saved shard; false where this page cannot keep any. */
export async function forgetShardCache(): Promise<boolean> {
  try {
    if (typeof caches === "undefined") return false;
    await caches.delete(CACHE_NAME);
    return true;
  } catch {
    return false;
  }
}

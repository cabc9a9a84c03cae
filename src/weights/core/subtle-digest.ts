/**
 * WebCrypto's one-shot digest of some byte parts, or null where WebCrypto is unavailable (an
 * iframe that is not a secure context) so the caller falls back to @noble/hashes.
 */
import { concatBytes } from "../../kit/concat-bytes";

export async function subtleDigest(algo: "SHA-1" | "SHA-256", parts: readonly Uint8Array[]): Promise<Uint8Array | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  // digest() takes one ArrayBuffer-backed view: join the parts (a header and a shard) into one copy.
  const view = parts.length === 1 && parts[0].buffer instanceof ArrayBuffer ? parts[0] : concatBytes(parts);
  return new Uint8Array(await subtle.digest(algo, view as Uint8Array<ArrayBuffer>));
}

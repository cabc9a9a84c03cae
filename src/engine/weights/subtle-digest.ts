/**
 * WebCrypto's one-shot digest of some byte parts, or null where WebCrypto is unavailable (an
 * iframe that is not a secure context) so the caller falls back to @noble/hashes.
 */
export async function subtleDigest(algo: "SHA-1" | "SHA-256", parts: readonly Uint8Array[]): Promise<Uint8Array | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  // digest() takes one ArrayBuffer-backed view: join the parts (a header and a shard) into one copy.
  let view: Uint8Array;
  if (parts.length === 1 && parts[0].buffer instanceof ArrayBuffer) view = parts[0];
  else {
    view = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      view.set(p, o);
      o += p.length;
    }
  }
  return new Uint8Array(await subtle.digest(algo, view as Uint8Array<ArrayBuffer>));
}

/**
 * The git blob SHA-1 of some bytes: sha1("blob " + byte length + "\0" + bytes), what
 * `git hash-object FILE` prints and what a repository's tree records for each file. The pinned
 * public copy of the weights is verified against these, fixed when it was published.
 * WebCrypto where it exists, @noble/hashes where it does not (not a secure context).
 */
import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { subtleDigest } from "./subtle-digest";

export async function gitBlobSha1Hex(bytes: Uint8Array): Promise<string> {
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
  const digest = await subtleDigest("SHA-1", [header, bytes]);
  return bytesToHex(digest ?? gitBlobSha1Sync(header, bytes));
}

/** The library path alone (tests compare it with WebCrypto's and with git). */
export function gitBlobSha1HexSync(bytes: Uint8Array): string {
  return bytesToHex(gitBlobSha1Sync(new TextEncoder().encode(`blob ${bytes.length}\0`), bytes));
}

function gitBlobSha1Sync(header: Uint8Array, bytes: Uint8Array): Uint8Array {
  return sha1.create().update(header).update(bytes).digest();
}

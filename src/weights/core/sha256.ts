/**
 * Hex sha256 of some bytes. WebCrypto where it exists (browsers in a secure context, Node ≥ 20);
 * @noble/hashes otherwise, because a plugin iframe that is not a secure context has no
 * `crypto.subtle` and must still be able to verify the weights it reads.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { subtleDigest } from "./subtle-digest";

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await subtleDigest("SHA-256", [bytes]);
  return bytesToHex(digest ?? sha256(bytes));
}

/** The library path alone (tests compare it with WebCrypto's). */
export function sha256HexSync(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/**
 * A raw layer file (kernel then bias, float32: the bytes of the pinned layers model's group for that
 * layer) checked against the pinned hash table: two files of the same size swapped, or a layer from
 * another copy, would otherwise convert into weights that load and run and paint nonsense. Group
 * N+1 of the pinned model is the N-th conv layer; a group's shards are the file cut at their sizes.
 */
import { RestyleError } from "../../engine/errors";
import { VGG19_LAYERS } from "../../engine/layers";
import { gitBlobSha1HexSync } from "../core/git-blob-sha1";
import { PINNED_SHARDS, type ShardHash, type ShardHashTable } from "../core/pinned-source";
import { printable } from "../../kit/printable";

/** The pinned shards of a conv layer's group, in order. */
function shardsOf(layerIndex: number, table: ShardHashTable): ShardHash[] {
  const prefix = `group${layerIndex + 1}-shard`;
  return [...table.values()].filter((s) => s.path.startsWith(prefix)).sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
}

/** The git SHA-1 of each pinned-shard-sized piece of `bytes`, or null when the sizes do not add up. */
function pieceHashes(bytes: Uint8Array, shards: readonly ShardHash[]): string[] | null {
  if (!shards.length || shards.reduce((s, r) => s + r.bytes, 0) !== bytes.length) return null;
  let off = 0;
  return shards.map((s) => gitBlobSha1HexSync(bytes.subarray(off, (off += s.bytes))));
}

/** Throws weights-corrupt unless `bytes` is exactly the pinned copy of `keras` (block{b}_conv{i}). */
export function checkPinnedLayer(keras: string, bytes: Uint8Array, file: string, table: ShardHashTable = PINNED_SHARDS): void {
  const index = VGG19_LAYERS.findIndex((l) => l.keras === keras);
  const own = shardsOf(index, table);
  if (!own.length) return; // no pinned row for this layer: its shape was checked, nothing more to compare
  const got = pieceHashes(bytes, own);
  if (got && got.every((h, i) => h === own[i].gitSha1)) return;
  // Whose bytes are these? A layer of the same size swapped in says so.
  const other = VGG19_LAYERS.find((l, i) => {
    if (i === index) return false;
    const shards = shardsOf(i, table);
    const h = pieceHashes(bytes, shards);
    return !!h && h.every((x, j) => x === shards[j].gitSha1);
  });
  const name = printable(file);
  if (other) {
    throw new RestyleError("weights-corrupt", `${name} holds the weights of ${other.keras}, not ${keras}: two layer files are swapped or misnamed; copy them again.`, `${keras} = ${other.keras}`);
  }
  throw new RestyleError("weights-corrupt", `${name} is not the published VGG19 ${keras} (its git SHA-1 differs from the pinned copy's); copy it again.`, `${keras} ${got?.join(",") ?? "size"}`);
}

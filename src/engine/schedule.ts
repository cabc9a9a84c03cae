/** How small a scale the network can take (the sizes themselves: scale-sizes.ts). */
import { truncatedNetwork, type LayerName } from "./layers";

/**
 * The smallest side the network can take for these taps: each pool halves the side (rounding
 * down), and the deepest tap needs at least one pixel after its pools — 4 px for the lite
 * network, 16 for the full one. Anything smaller leaves an empty activation (a crash or NaN).
 */
export function minNetworkSide(taps: readonly LayerName[]): number {
  return 2 ** truncatedNetwork(taps).filter((l) => l.pooled).length;
}

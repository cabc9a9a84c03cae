/** How many L-BFGS pairs a scale keeps (memory.ts): the requested number, within the history's memory share. */
import { describe, expect, it } from "vitest";
import { HISTORY_BUDGET_BYTES, MIN_HISTORY_PAIRS, historyPairsAt, runStateBytes } from "../../src/engine/memory";

describe("historyPairsAt", () => {
  it("keeps every requested pair while they fit the history's share, fewer past it, never below the floor", () => {
    expect(historyPairsAt(128, 96, 100)).toBe(100);
    expect(historyPairsAt(256, 192, 100)).toBe(100);
    // 512×384: one pair is 2 · 512·384·3 float32 = 4.5 MiB, so 256 MiB holds 56 of them.
    expect(historyPairsAt(512, 384, 100)).toBe(Math.floor(HISTORY_BUDGET_BYTES / (2 * 512 * 384 * 3 * 4)));
    expect(historyPairsAt(512, 384, 100)).toBe(56);
    expect(historyPairsAt(512, 384, 20)).toBe(20);
    expect(historyPairsAt(4096, 4096, 100)).toBe(MIN_HISTORY_PAIRS);
    expect(historyPairsAt(4096, 4096, 3)).toBe(3);
  });

  it("the memory model prices the pairs actually kept", () => {
    const pair = 2 * 512 * 384 * 3 * 4;
    expect(runStateBytes("conv3_2", 512, 384, 21) - runStateBytes("conv3_2", 512, 384, 20)).toBe(pair);
    // Past the share, asking for more changes nothing.
    expect(runStateBytes("conv3_2", 512, 384, 200)).toBe(runStateBytes("conv3_2", 512, 384, 56));
  });
});

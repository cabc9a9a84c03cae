import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, PRESETS } from "../../src/engine/defaults";
import { isRestyleError } from "../../src/engine/errors";
import { resolveOptions } from "../../src/engine/options";
import type { StylizeOptions } from "../../src/engine/types";

/** The RestyleError's code and message that resolving these options throws. */
function refusal(o: Partial<StylizeOptions> | Record<string, unknown>): { code: string; message: string } {
  try {
    resolveOptions(o as Partial<StylizeOptions>);
  } catch (e) {
    if (!isRestyleError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error(`accepted ${JSON.stringify(o)}`);
}

describe("resolveOptions", () => {
  it("gives the defaults for nothing, and a copy of them: changing the result changes no default", () => {
    const o = resolveOptions();
    expect(o).toEqual(DEFAULT_OPTIONS);
    const scales = [...DEFAULT_OPTIONS.scales];
    o.scales.push(0.75);
    expect(DEFAULT_OPTIONS.scales).toEqual(scales);
    expect(resolveOptions().scales).toEqual(scales);
  });

  it("merges what is given over the defaults; undefined keys keep the default", () => {
    const o = resolveOptions({ strength: 0.25, preset: "full", iterations: undefined, scales: [0.5, 1] });
    expect(o.strength).toBe(0.25);
    expect(o.preset).toBe("full");
    expect(o.iterations).toBe(DEFAULT_OPTIONS.iterations);
    expect(o.scales).toEqual([0.5, 1]);
  });

  it("accepts the ends of every range", () => {
    expect(resolveOptions({ strength: 0 }).strength).toBe(0);
    expect(resolveOptions({ strength: 1 }).strength).toBe(1);
    expect(resolveOptions({ iterations: 1 }).iterations).toBe(1);
  });

  it.each([
    ["strength above 1", { strength: 1.5 }, /strength .*0 to 1.*1\.5/],
    ["strength NaN", { strength: Number.NaN }, /strength/],
    ["strength Infinity", { strength: Number.POSITIVE_INFINITY }, /strength/],
    ["strength as text", { strength: "0.5" }, /strength/],
    ["iterations 0", { iterations: 0 }, /iterations/],
    ["fractional iterations", { iterations: 2.5 }, /iterations must be a whole number/],
    ["fractional size", { size: 100.5 }, /size must be a whole number/],
    ["an unknown preset", { preset: "huge" }, /preset must be one of lite, full/],
    ["an unknown optimizer", { optimizer: "sgd" }, /optimizer must be one of adam, lbfgs/],
    ["an unknown pooling", { pooling: "min" }, /pooling/],
    ["an unknown init", { init: "zeros" }, /init/],
    ["preserveColors as text", { preserveColors: "yes" }, /preserveColors must be true or false/],
    ["no scales", { scales: [] }, /at least one scale/],
    ["a scale above 1", { scales: [0.5, 2] }, /each scale/],
    ["no full-size scale", { scales: [0.25, 0.5] }, /largest scale must be 1/],
    ["an unknown style layer", { styleLayers: { conv9_9: 1 } }, /Unknown style layer conv9_9/],
    ["a negative style layer weight", { styleLayers: { conv1_1: -1 } }, /weight of conv1_1/],
    ["an unknown content layer", { contentLayer: "fc7" }, /Unknown content layer fc7/],
  ])("refuses %s as bad-options, naming the option", (_label, o, message) => {
    const r = refusal(o);
    expect(r.code).toBe("bad-options");
    expect(r.message).toMatch(message);
  });

  it("merges style layers given over the preset's own", () => {
    const o = resolveOptions({ preset: "lite", styleLayers: { conv1_1: 0, conv4_1: 2 } });
    expect(o.styleLayers).toEqual({ ...PRESETS.lite.styleLayers, conv1_1: 0, conv4_1: 2 });
  });
});

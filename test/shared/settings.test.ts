import { describe, expect, it } from "vitest";
import { BOUNDS } from "../../src/engine/defaults";
import { DEFAULT_SETTINGS, isPartialSettings, isSettings, sanitizeSettings } from "../../src/shared/settings";

describe("panel settings", () => {
  it("accept any subset of keys of the right types, and nothing of a wrong one", () => {
    expect(isPartialSettings({})).toBe(true);
    expect(isPartialSettings({ strength: 0.3, lastRoles: { contentId: "a", styleIds: ["b"] } })).toBe(true);
    expect(isPartialSettings({ strength: "0.3" })).toBe(false);
    expect(isPartialSettings({ strength: Number.POSITIVE_INFINITY })).toBe(false);
    expect(isPartialSettings({ preset: "huge" })).toBe(false);
    expect(isPartialSettings({ styleWeights: [1, "2"] })).toBe(false);
    expect(isPartialSettings({ lastRoles: { contentId: 1, styleIds: [] } })).toBe(false);
    expect(isPartialSettings([])).toBe(false);
    expect(isPartialSettings({ reviewFirst: true, placeMode: "fill" })).toBe(true);
    expect(isPartialSettings({ reviewFirst: "yes" })).toBe(false);
    expect(isPartialSettings({ placeMode: "stamp" })).toBe(false);
  });

  it("are complete with every key but the remembered roles", () => {
    expect(isSettings(DEFAULT_SETTINGS)).toBe(true);
    const { styleWeights: _, ...missing } = DEFAULT_SETTINGS;
    expect(isSettings(missing)).toBe(false);
    // Added later, so settings stored before them still count as complete.
    const { reviewFirst: _r, placeMode: _p, ...older } = DEFAULT_SETTINGS;
    expect(isSettings(older)).toBe(true);
  });

  it("sanitize: defaults for what is missing or mistyped, numbers pulled inside their bounds", () => {
    expect(sanitizeSettings({})).toEqual(DEFAULT_SETTINGS);
    const s = sanitizeSettings({ strength: 7, size: 99999.6, iterations: -3, preset: "huge" as never, styleWeights: [5000, Number.NaN, 0.5] });
    expect(s.strength).toBe(BOUNDS.strength[1]);
    expect(s.size).toBe(BOUNDS.size[1]);
    expect(s.iterations).toBe(BOUNDS.iterations[0]);
    expect(s.preset).toBe(DEFAULT_SETTINGS.preset);
    expect(s.styleWeights).toEqual([BOUNDS.styleWeight[1], 1, 0.5]);
    expect(sanitizeSettings({ lastRoles: { contentId: "a", styleIds: [7] } as never }).lastRoles).toBeUndefined();
    // Stored settings are a source like any other: no more styles than the controls allow.
    const many = sanitizeSettings({
      styleWeights: Array(2000).fill(2),
      lastRoles: { contentId: "a", styleIds: Array.from({ length: 2000 }, (_, i) => `1:${i}`) },
    });
    expect(many.styleWeights).toEqual([2, 2, 2, 2]);
    expect(many.lastRoles?.styleIds).toEqual(["1:0", "1:1", "1:2", "1:3"]);
    expect(isSettings(s)).toBe(true);
    expect(sanitizeSettings({ reviewFirst: "yes" as never, placeMode: "stamp" as never })).toMatchObject({ reviewFirst: false, placeMode: "layer" });
    expect(sanitizeSettings({ reviewFirst: true, placeMode: "fill" })).toMatchObject({ reviewFirst: true, placeMode: "fill" });
  });
});

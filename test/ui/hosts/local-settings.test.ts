// Settings in Web Storage (Photopea, standalone page): round trip, bounds, and quiet fallbacks.
import { describe, expect, it } from "vitest";
import { loadLocalSettings, saveLocalSettings, type SettingsStorage } from "../../../src/ui/hosts/local-settings";
import { DEFAULT_SETTINGS, type PanelSettings } from "../../../src/shared/settings";

function memoryStorage(): SettingsStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const throwing: SettingsStorage = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("QuotaExceededError");
  },
};

describe("local settings", () => {
  it("round-trips what the panel saves", () => {
    const st = memoryStorage();
    const s: PanelSettings = { ...DEFAULT_SETTINGS, strength: 0.3, preset: "full", lastRoles: { contentId: "a", styleIds: ["b"] } };
    saveLocalSettings(st, s);
    expect(loadLocalSettings(st)).toEqual(s);
  });

  it("pulls hand-edited values inside their bounds and drops malformed roles", () => {
    const st = memoryStorage();
    const key = "restyle.settings.v1";
    st.items.set(key, JSON.stringify({ strength: 9, iterations: "many", lastRoles: { contentId: "a" } }));
    const got = loadLocalSettings(st);
    expect(got).toMatchObject({ strength: 1, iterations: DEFAULT_SETTINGS.iterations });
    expect(got.lastRoles).toBeUndefined();
    for (const junk of ["not json", "[1,2]", "null"]) {
      st.items.set(key, junk);
      expect(loadLocalSettings(st)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it("falls back to the defaults with no, blocked or full storage", () => {
    expect(loadLocalSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(loadLocalSettings(throwing)).toEqual(DEFAULT_SETTINGS);
    expect(() => saveLocalSettings(throwing, DEFAULT_SETTINGS)).not.toThrow();
    expect(() => saveLocalSettings(undefined, DEFAULT_SETTINGS)).not.toThrow();
  });
});

/**
 * The Detail choice is only a way of setting the run's own settings: each choice sets them, the
 * settings say which choice shows (Custom when none), old saved settings and recalled records load
 * as they were, and the cost each choice names is the estimate's own ratio.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, DRAFT_ITERATIONS, FINEST_ITERATIONS } from "../../../src/engine/defaults";
import type { LayerInfo } from "../../../src/shared/layers";
import { parseResultParams } from "../../../src/shared/result-params";
import { AUTO_SIZE, DEFAULT_SETTINGS, DRAFT_SIZE, sanitizeSettings, type PanelSettings } from "../../../src/shared/settings";
import { costWords, DETAIL_CHOICES, detailCost, detailOf, detailPatch, type DetailName } from "../../../src/ui/run/detail-choices";
import { estimateRunMs, panelRunShape, type DeviceRate } from "../../../src/ui/run/estimate";
import { settingsFromRecall } from "../../../src/ui/run/plan";
import { CONTROL_HELP } from "../../../src/ui/panel/control-help";

const at = (patch: Partial<PanelSettings>): PanelSettings => ({ ...DEFAULT_SETTINGS, ...patch });
const layer = (width: number, height: number): LayerInfo => ({ id: "c", name: "c", width, height });
const NAMES: DetailName[] = ["draft", "balanced", "finest"];

describe("the Detail choice", () => {
  it("maps each choice to the network, the steps and (Draft) the size", () => {
    expect(DETAIL_CHOICES.map((c) => [c.label, c.preset, c.iterations])).toEqual([
      ["Draft", "lite", DRAFT_ITERATIONS],
      ["Balanced", "lite", DEFAULT_OPTIONS.iterations],
      ["Finest", "full", FINEST_ITERATIONS],
    ]);
    expect([DRAFT_ITERATIONS, DEFAULT_OPTIONS.iterations, FINEST_ITERATIONS]).toEqual([50, 150, 300]);
    expect(detailPatch("draft", at({ size: 1024 }))).toEqual({ preset: "lite", iterations: 50, size: DRAFT_SIZE });
    // Leaving Draft lifts its size cap; a size the user chose stays.
    expect(detailPatch("balanced", at({ size: DRAFT_SIZE }))).toEqual({ preset: "lite", iterations: 150, size: AUTO_SIZE });
    expect(detailPatch("finest", at({ size: 1024 }))).toEqual({ preset: "full", iterations: 300, size: 1024 });
  });

  it("shows the choice the settings are, and Custom when they are none", () => {
    expect(detailOf(DEFAULT_SETTINGS)).toBe("balanced");
    for (const start of [DEFAULT_SETTINGS, at({ size: 2048, preset: "full", iterations: 7 }), at({ size: DRAFT_SIZE, iterations: 3 })]) {
      for (const n of NAMES) expect(detailOf({ ...start, ...detailPatch(n, start) })).toBe(n);
    }
    expect(detailOf(at({ iterations: 4 }))).toBe("custom");
    expect(detailOf(at({ preset: "full", iterations: 150 }))).toBe("custom");
    // Draft is its steps and its size together; Balanced and Finest hold at any size.
    expect(detailOf(at({ iterations: 50, size: AUTO_SIZE }))).toBe("custom");
    expect(detailOf(at({ size: DRAFT_SIZE }))).toBe("balanced");
    expect(detailOf(at({ preset: "full", iterations: 300, size: 0 }))).toBe("finest");
  });

  it("old saved settings and recalled records load unchanged, and show as the choice they match", () => {
    // A version-1 store from before the choice: Quality Full, 300 iterations, Draft size.
    const stored = sanitizeSettings(JSON.parse('{"strength":0.4,"preset":"full","iterations":300,"size":-2,"styleScale":1.5,"preserveColors":true}'));
    expect(stored).toMatchObject({ strength: 0.4, preset: "full", iterations: 300, size: DRAFT_SIZE, styleScale: 1.5, preserveColors: true });
    expect(detailOf(stored)).toBe("finest");
    expect(detailOf(sanitizeSettings({}))).toBe("balanced");
    const record = parseResultParams({
      strength: 0.6,
      preset: "lite",
      size: DRAFT_SIZE,
      iterations: 50,
      preserveColors: false,
      styleScale: 1,
      styleWeights: [1],
      seed: 42,
      contentName: "Photo",
      styleNames: ["Starry"],
    });
    expect(record).not.toBeNull();
    const recalled = sanitizeSettings(settingsFromRecall(DEFAULT_SETTINGS, record!));
    expect(recalled).toMatchObject({ preset: "lite", iterations: 50, size: DRAFT_SIZE });
    expect(detailOf(recalled)).toBe("draft");
    const odd = sanitizeSettings(settingsFromRecall(DEFAULT_SETTINGS, { ...record!, iterations: 4, size: 32 }));
    expect([odd.iterations, odd.size, detailOf(odd)]).toEqual([4, 32, "custom"]);
  });

  it("names each choice's cost against Balanced, from the estimate's own model", () => {
    const frame = [layer(1440, 960)];
    const rate: DeviceRate = { fixedMs: 3, msPerPixel: 2e-5, setupMs: 500, backend: "webgl" };
    const ms = (s: PanelSettings) => estimateRunMs(rate, panelRunShape(s, frame, 1, 1, "webgl"));
    for (const n of NAMES) {
      expect(detailCost(n, DEFAULT_SETTINGS, frame, 1, 1, rate)).toBeCloseTo(
        ms(at(detailPatch(n, DEFAULT_SETTINGS))) / ms(at(detailPatch("balanced", DEFAULT_SETTINGS))),
        9,
      );
    }
    // A 1440 px frame: Draft paints one 512 px pass of fewer steps, Finest the full network.
    expect(detailCost("draft", DEFAULT_SETTINGS, frame, 1, 1, rate)).toBeLessThan(1 / 5);
    expect(detailCost("finest", DEFAULT_SETTINGS, frame, 1, 1, rate)).toBeGreaterThan(2);
    expect(detailCost("balanced", DEFAULT_SETTINGS, frame, 1, 1, null)).toBe(1);
    expect(detailCost("draft", DEFAULT_SETTINGS, [], 1, 1, rate)).toBeNaN();
    expect([0.2, 0.36, 1.1, 2.4, 3.6, Number.NaN].map(costWords)).toEqual(["~5× faster", "~2.8× faster", "", "~2.4× slower", "~4× slower", ""]);
  });
});

describe("the controls' help", () => {
  it("says for every control what it does and what it costs in time", () => {
    for (const [key, text] of Object.entries(CONTROL_HELP)) {
      expect(text.length, key).toBeGreaterThan(30);
      expect(text, key).toMatch(/time|long|faster|quick|download/i);
      // A designer's words: none of the engineer's names for the settings.
      expect(text, key).not.toMatch(/iteration|weights\b|preset|style scale|VGG(?!19 \.h5)/i);
    }
  });
});

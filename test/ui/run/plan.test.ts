/** The sizes a panel run paints at (plan.ts) and the size menu (size-choices.ts). */
import { describe, expect, it } from "vitest";
import { fitLongSide } from "../../../src/engine/scale-sizes";
import type { LayerInfo } from "../../../src/shared/layers";
import { AUTO_SIZE, DEFAULT_SETTINGS, DRAFT_SIZE, sanitizeSettings, type PanelSettings } from "../../../src/shared/settings";
import { exportSides, outputSide, styleExportSide, stylizeOptions } from "../../../src/ui/run/plan";
import { hostDensity } from "../../../src/ui/run/screen-density";
import { sizeChoices, sizeName } from "../../../src/ui/run/size-choices";

const layer = (width: number, height: number, id = "c"): LayerInfo => ({ id, name: id, width, height });
const at = (size: number, styleScale = 1): PanelSettings => ({ ...DEFAULT_SETTINGS, size, styleScale });
const frame = layer(1440, 960);

describe("the size painted", () => {
  it("Auto: the layer's size at density 1, twice it at density 2 (never more), up to 4096", () => {
    expect(exportSides(at(AUTO_SIZE), frame, 1)).toEqual({ content: 1440, style: 1440, workingSize: 512, density: 1 });
    expect(exportSides(at(AUTO_SIZE), frame, 2)).toEqual({ content: 2880, style: 2880, workingSize: 512, density: 2 });
    expect(exportSides(at(AUTO_SIZE), frame, 3)).toEqual({ content: 2880, style: 2880, workingSize: 512, density: 2 });
    expect(exportSides(at(AUTO_SIZE), layer(3000, 2000), 2)).toEqual({ content: 4096, style: 4096, workingSize: 512, density: 2 });
    expect(exportSides(at(AUTO_SIZE), layer(5000, 100), 1).content).toBe(4096);
    expect(exportSides(at(AUTO_SIZE), layer(300, 200), 1)).toEqual({ content: 300, style: 300, workingSize: 300, density: 1 });
    // A 1440 × 960 layer comes out 1440 × 960: the engine is asked for that long side.
    const sides = exportSides(at(AUTO_SIZE), frame, 1);
    expect(fitLongSide(frame.width, frame.height, sides.content)).toEqual([1440, 960]);
    expect(stylizeOptions(at(AUTO_SIZE), sides, false)).toMatchObject({ size: 1440, workingSize: 512 });
  });

  it("Draft: Auto up to the working size, one scale", () => {
    expect(exportSides(at(DRAFT_SIZE), frame, 1)).toEqual({ content: 512, style: 512, workingSize: 512, density: 1 });
    expect(exportSides(at(DRAFT_SIZE), frame, 2)).toEqual({ content: 512, style: 512, workingSize: 512, density: 2 });
    expect(exportSides(at(DRAFT_SIZE), layer(200, 100), 1)).toEqual({ content: 200, style: 200, workingSize: 200, density: 1 });
    expect(exportSides(at(DRAFT_SIZE), layer(200, 100), 2)).toEqual({ content: 400, style: 400, workingSize: 400, density: 2 });
    expect(stylizeOptions(at(DRAFT_SIZE), exportSides(at(DRAFT_SIZE), frame, 2), false)).toMatchObject({ size: 512, workingSize: 512 });
  });

  it("fixed sizes are painted as asked, the layer's own size exactly; all within 4096", () => {
    expect(exportSides(at(2048), frame, 2)).toMatchObject({ content: 2048, workingSize: 512 });
    expect(exportSides(at(0), frame, 2)).toMatchObject({ content: 1440, workingSize: 512 });
    expect(exportSides(at(0), layer(9000, 10), 1).content).toBe(4096);
    expect(outputSide(4096, 100, 1)).toBe(4096);
  });

  it("a style is exported at its own size (at the screen's density), never above what the finest scale uses", () => {
    const small = layer(300, 200, "s");
    expect(styleExportSide(exportSides(at(AUTO_SIZE), frame, 1), small)).toBe(300);
    expect(styleExportSide(exportSides(at(AUTO_SIZE), frame, 2), small)).toBe(600);
    expect(styleExportSide(exportSides(at(AUTO_SIZE), frame, 1), layer(4000, 3000, "s"))).toBe(1440);
    // Style scale widens what the finest scale sees, within 4096; still never above the style's own pixels.
    expect(styleExportSide(exportSides(at(AUTO_SIZE, 2), frame, 1), layer(4000, 3000, "s"))).toBe(2880);
    expect(styleExportSide(exportSides(at(AUTO_SIZE, 4), frame, 1), layer(8000, 3000, "s"))).toBe(4096);
    expect(styleExportSide(exportSides(at(AUTO_SIZE, 0.5), frame, 1), small)).toBe(300);
    expect(styleExportSide(exportSides(at(DRAFT_SIZE), frame, 1), layer(4000, 3000, "s"))).toBe(512);
  });

  it("the density Auto follows: the screen's in Figma (layer sizes are points), 1 where layers are pixels (Photopea, the page)", () => {
    const g = globalThis as { devicePixelRatio?: number };
    const was = g.devicePixelRatio;
    try {
      g.devicePixelRatio = 2;
      expect([hostDensity("figma"), hostDensity("photopea"), hostDensity("standalone")]).toEqual([2, 1, 1]);
      expect(exportSides(at(AUTO_SIZE), frame, hostDensity("photopea")).content).toBe(1440);
      g.devicePixelRatio = undefined;
      expect(hostDensity("figma")).toBe(1);
    } finally {
      g.devicePixelRatio = was;
    }
  });

  it("settings keep Auto and Draft, and bound every other size", () => {
    expect(sanitizeSettings({ size: DRAFT_SIZE }).size).toBe(DRAFT_SIZE);
    expect(sanitizeSettings({ size: AUTO_SIZE }).size).toBe(AUTO_SIZE);
    expect(sanitizeSettings({ size: -3 }).size).toBe(0);
    expect(sanitizeSettings({ size: 9000 }).size).toBe(4096);
  });
});

describe("the size menu", () => {
  it("names the sides the chosen layer comes out at, and says which fixed sizes upscale it", () => {
    const c = sizeChoices(AUTO_SIZE, [frame], 1);
    expect(c.map((x) => [x.value, x.label])).toEqual([
      [AUTO_SIZE, "Auto · 1440 px"],
      [DRAFT_SIZE, "Up to 512 px"],
      [512, "512 px"],
      [1024, "1024 px"],
      [2048, "2048 px · upscaled"],
      [4096, "4096 px · upscaled"],
      [0, "Layer’s own size"],
    ]);
    expect(
      sizeChoices(AUTO_SIZE, [frame], 2)
        .filter((x) => x.label.endsWith("upscaled"))
        .map((x) => x.value),
    ).toEqual([4096]);
    // A batch upscales where any of its layers would be; sides shown only when all agree.
    const batch = sizeChoices(AUTO_SIZE, [frame, layer(800, 600, "d")], 1);
    expect(batch[0].label).toBe("Auto");
    expect(batch.filter((x) => x.label.endsWith("upscaled")).map((x) => x.value)).toEqual([1024, 2048, 4096]);
    // No layer yet: no sides, nothing flagged; a stored odd size stays in the menu.
    expect(sizeChoices(300, []).map((x) => x.label)).toEqual(["Auto", "Up to 512 px", "300 px", "512 px", "1024 px", "2048 px", "4096 px", "Layer’s own size"]);
  });

  it("a recalled result's size in words", () => {
    expect([AUTO_SIZE, DRAFT_SIZE, 0, 2048].map(sizeName)).toEqual(["Auto", "Up to 512 px", "Layer’s own size", "2048 px"]);
    expect(sizeChoices(AUTO_SIZE, [layer(200, 100)], 1)[1].label).toBe("Up to 512 px · 200 px");
  });
});

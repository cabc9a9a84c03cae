// The run handed to a page that shows it itself (Host.showRun): the panel's own words, the newest preview, and
// the standalone page keeping the last preview up while the result is placed; the chosen built-ins by slug.
import { etaWords } from "../../../src/ui/run/progress-words";
import { describe, expect, it } from "vitest";
import type { Progress, RgbaImage } from "../../../src/engine/types";
import { StandaloneHost } from "../../../src/ui/hosts/standalone";
import { runningWords, type Status } from "../../../src/ui/panel/RunStatus";
import { shownRun } from "../../../src/ui/panel/use-show-run";

const image = (side: number): RgbaImage => ({ width: side, height: side, data: new Uint8ClampedArray(side * side * 4) });
const original = image(2);
const preview = image(3); // small: deep equality walks every byte

function progress(p: Partial<Progress>): Progress {
  return {
    iteration: 12,
    totalIterations: 30,
    scaleIndex: 1,
    scaleCount: 2,
    width: 1024,
    height: 768,
    tileIndex: 2,
    tileCount: 9,
    loss: { total: 1, content: 1, style: 1, tv: 0 },
    evaluations: 12,
    elapsedMs: 12_000,
    etaMs: 90_000,
    ...p,
  };
}

const layer = { index: 0, count: 1, name: "Photo", original };

describe("the run handed to the page", () => {
  it("carries the panel's words: the stage, the scale and tile, the count and the time left", () => {
    const status: Status = { kind: "running", stage: "stylizing", progress: progress({ preview }), layer };
    const words = runningWords(status);
    expect({ ...words, eta: etaWords(words.eta) }).toEqual({ line: "Restyling… Detail 1024 px · tile 3 of 9 · 12/30", eta: "About 2 min left", fraction: 0.4 });
    expect(shownRun(status)).toEqual({
      phase: "running",
      line: "Restyling… Detail 1024 px · tile 3 of 9 · 12/30",
      eta: "About 2 min left",
      fraction: 0.4,
      iteration: 12,
      totalIterations: 30,
      name: "Photo",
      preview,
      original,
    });
    // Before the first iteration: the stage in words, no count, no time yet, and the content's pixels.
    const exporting = shownRun({ kind: "running", stage: "exporting", layer: { ...layer, index: 1, count: 3 } });
    expect(exporting).toMatchObject({ phase: "running", line: "Layer 2 of 3 · Exporting the layers…", eta: "", fraction: undefined, iteration: 0 });
    expect(shownRun({ kind: "done", message: "Done" })).toEqual({ phase: "idle" });
    expect(shownRun({ kind: "cancelled", message: "Cancelled" })).toEqual({ phase: "idle" });
  });

  it("keeps the last preview of the same content up while the result is placed, and drops it for the next one", () => {
    const host = new StandaloneHost();
    host.showRun(shownRun({ kind: "running", stage: "stylizing", progress: progress({ preview }), layer }));
    host.showRun(shownRun({ kind: "running", stage: "placing", layer }));
    expect(host.pageState().run).toMatchObject({ phase: "running", line: "Adding the results…", preview });
    host.showRun(shownRun({ kind: "running", stage: "exporting", layer: { index: 1, count: 2, name: "Other" } }));
    expect(host.pageState().run).toMatchObject({ phase: "running", name: "Other", preview: undefined });
    host.showRun({ phase: "idle" });
    expect(host.pageState().run).toEqual({ phase: "idle" });
  });

  it("shows the built-in paintings chosen in the panel by slug, not the layer styles", () => {
    const host = new StandaloneHost();
    const seen: string[][] = [];
    host.watchPage((s) => seen.push([...s.builtIns]));
    host.showStyles(["file-3", "gallery:starry-night", "gallery:the-kiss"]);
    expect(host.pageState().builtIns).toEqual(["starry-night", "the-kiss"]);
    expect(seen.at(-1)).toEqual(["starry-night", "the-kiss"]);
  });
});
